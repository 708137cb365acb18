package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Demo users and the mock providers' credentials live in {@code application-demo.yml} only: the packaged
 * {@code application.yml} (all that a real database without the {@code demo} profile gets) has none of them, and the
 * embedded default adds the demo file below every setting of the operator's.
 */
class DemoConfigurationTest {

    @Test
    void thePackagedDefaultsHaveNoUserNoCredentialNoSecretAndNoProviderAddress() throws Exception {
        StandardEnvironment env = packaged();

        assertThat(users(env)).isEmpty();
        for (String provider : List.of("bkash", "nagad", "mpesa", "mtn")) {
            String prefix = "disbursement.providers." + provider + ".";
            assertThat(env.getProperty(prefix + "base-url")).as(provider).isNull();
            assertThat(env.getProperty(prefix + "callback-secret")).as(provider).isNull();
            assertThat(env.getProperty(prefix + "callback-base-url")).as(provider).isNull();
        }
        assertThat(Binder.get(env).bind("disbursement.providers.bkash.credentials",
                Bindable.mapOf(String.class, String.class)).isBound()).isFalse();
        assertThat(Binder.get(env).bind("disbursement.providers.nagad.credentials",
                Bindable.mapOf(String.class, String.class)).get()).containsOnlyKeys("description", "reference-format");
        assertThat(Binder.get(env).bind("disbursement.providers.mpesa.credentials",
                Bindable.mapOf(String.class, String.class)).get()).containsOnlyKeys("command-id");
    }

    @Test
    void theEmbeddedDefaultAddsTheDemoUsersAndMockCredentialsBelowTheOperatorsSettings() throws Exception {
        StandardEnvironment env = packaged();
        env.getPropertySources().addFirst(new MapPropertySource("operator",
                Map.of("disbursement.providers.mtn.callback-secret", "from-the-operator")));

        DemoConfiguration.addToEmbeddedDefault(env);

        assertThat(users(env)).extracting(GatewayUsers.User::username)
                .containsExactly("maker", "checker", "ops", "auditor", "agent");
        assertThat(env.getProperty("disbursement.providers.bkash.credentials.app-key")).isEqualTo("test-app-key");
        assertThat(env.getProperty("disbursement.providers.mpesa.callback-secret")).isEqualTo("change-me-mpesa");
        assertThat(env.getProperty("disbursement.providers.mtn.callback-secret")).isEqualTo("from-the-operator");
        assertThat(Binder.get(env).bind("disbursement.providers.mpesa.credentials",
                Bindable.mapOf(String.class, String.class)).get()).containsKeys("consumer-key", "command-id");
    }

    @Test
    void underTheDemoProfileSpringBootLoadsTheFileItself() throws Exception {
        StandardEnvironment env = packaged();
        env.setActiveProfiles("demo");

        DemoConfiguration.addToEmbeddedDefault(env);

        assertThat(users(env)).isEmpty();
    }

    private static StandardEnvironment packaged() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        new YamlPropertySourceLoader().load("Config resource 'class path resource [application.yml]' via location "
                + "'optional:classpath:/'", new ClassPathResource("application.yml"))
                .forEach(env.getPropertySources()::addLast);
        return env;
    }

    private static List<GatewayUsers.User> users(StandardEnvironment env) {
        return Binder.get(env).bind("disbursement.security.users", Bindable.listOf(GatewayUsers.User.class))
                .orElse(List.of());
    }
}
