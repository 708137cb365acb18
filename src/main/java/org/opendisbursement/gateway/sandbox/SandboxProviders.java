package org.opendisbursement.gateway.sandbox;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.system.DemoConfiguration;
import org.opendisbursement.mock.MockExtensions;
import org.opendisbursement.mock.MockProviders;
import org.opendisbursement.mock.MockSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;

/**
 * Starts the sandbox: for every enabled provider that nothing configured (its {@code base-url} comes only from the
 * packaged defaults: the mock's address in {@code application-demo.yml}, or none at all), the provider's mock of
 * {@code mock-providers/} runs in this process on a free port of 127.0.0.1, and
 * {@code disbursement.providers.<name>.base-url} points at it (plus the test-only Nagad keys and, for M-Pesa and
 * MTN, callbacks to this gateway's port). A base-url set anywhere else (environment, command
 * line, an external config file, a test) replaces that provider's sandbox.
 *
 * <p>Runs as a bean-factory post-processor: after every property source is in place (tests' initializers
 * included) and before any adapter binds its settings. Under {@code prod} it never starts a mock, and refuses to
 * start the gateway if a provider would need one. {@code disbursement.sandbox.enabled=false} turns it off.
 */
final class SandboxProviders implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean {

    static final String SOURCE = "sandboxProviders";
    private static final Logger log = LoggerFactory.getLogger(SandboxProviders.class);
    private static final List<String> PACKAGED_DEFAULTS = List.of("class path resource [application.yml]",
            DemoConfiguration.SOURCE_NAME);

    private final List<WireMockServer> servers = new ArrayList<>();
    private SandboxFiles files;
    private ConfigurableEnvironment env;
    private Sandbox sandbox = new Sandbox(Map.of());

    @Override
    public void setEnvironment(Environment environment) {
        this.env = (ConfigurableEnvironment) environment;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> unconfigured = MockProviders.PROVIDERS.stream()
                .filter(p -> env.getProperty("disbursement.providers." + p + ".enabled", Boolean.class, true))
                .filter(p -> !configured(p + ".base-url"))
                .toList();
        if (env.acceptsProfiles(Profiles.of("prod"))) {
            if (!unconfigured.isEmpty()) {
                throw new IllegalStateException("prod never runs sandbox providers, and these have no base-url: "
                        + unconfigured + ". Set DISBURSEMENT_PROVIDERS_<NAME>_BASE_URL (and credentials), or "
                        + "disbursement.providers.<name>.enabled=false");
            }
            return;
        }
        if (unconfigured.isEmpty() || !env.getProperty("disbursement.sandbox.enabled", Boolean.class, true)) {
            return;
        }
        Map<String, String> baseUrls = new LinkedHashMap<>();
        Map<String, Object> properties = new HashMap<>();
        int gatewayPort = env.getProperty("server.port", Integer.class, 8080);
        files = SandboxFiles.unpack();
        for (String provider : unconfigured) {
            MockExtensions extensions = new MockExtensions(MockSettings.fromSystemProperties(), files.root().resolve("keys"));
            WireMockServer server = new WireMockServer(
                    MockProviders.options(provider, 0, files.root(), extensions).bindAddress("127.0.0.1"));
            server.start();
            servers.add(server);
            String baseUrl = SandboxBaseUrls.of(provider, server.baseUrl());
            baseUrls.put(provider, baseUrl);
            String prefix = "disbursement.providers." + provider + ".";
            properties.put(prefix + "base-url", baseUrl);
            if (gatewayPort > 0 && !configured(provider + ".callback-base-url")) {
                properties.put(prefix + "callback-base-url", "http://localhost:" + gatewayPort);
            }
        }
        if (baseUrls.containsKey("nagad")) {
            // the mock's TEST-ONLY key pair, from the jar: works from any working directory
            properties.put("disbursement.providers.nagad.credentials.merchant-private-key-pem",
                    files.text("keys/test-only-merchant-private.pem"));
            properties.put("disbursement.providers.nagad.credentials.nagad-public-key-pem",
                    files.text("keys/test-only-nagad-mock-public.pem"));
            properties.put("disbursement.providers.nagad.credentials.hmac-key",
                    files.text("keys/test-only-nagad-merchant-hmac-key.pem"));
        }
        env.getPropertySources().addFirst(new MapPropertySource(SOURCE, properties));
        sandbox = new Sandbox(baseUrls);
        log.warn("SANDBOX providers — no real money: {} answered by the mock providers of mock-providers/ in this "
                        + "process ({}). Set disbursement.providers.<name>.base-url to use a real provider.",
                String.join(", ", baseUrls.keySet()), baseUrls);
    }

    /** Whether {@code disbursement.providers.<key>} is set by anything but the packaged defaults. */
    private boolean configured(String key) {
        String name = "disbursement.providers." + key;
        for (PropertySource<?> source : env.getPropertySources()) {
            if (source.getName().equals("configurationProperties") || source.getName().equals(SOURCE)) {
                continue;
            }
            if (source.containsProperty(name)) {
                return PACKAGED_DEFAULTS.stream().noneMatch(source.getName()::contains);
            }
        }
        return false;
    }

    @Override
    public void destroy() {
        servers.forEach(WireMockServer::stop);
        servers.clear();
        if (files != null) {
            files.close();
        }
    }
}
