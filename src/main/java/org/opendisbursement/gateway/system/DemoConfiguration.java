package org.opendisbursement.gateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The demo configuration, {@code application-demo.yml}: the demo users (password {@code demo}) and the mock
 * providers' addresses, test credentials and callback secrets. Only two kinds of start get it: the embedded default
 * (no {@code spring.datasource.url}: {@link EmbeddedPostgresEnvironment} adds it) and an explicit {@code demo}
 * profile (Spring Boot loads it as that profile's file). A gateway on a real database without {@code demo} has none
 * of it, and {@link StartupSafety} refuses to start it with any of these values.
 */
public final class DemoConfiguration {

    public static final String PROFILE = "demo";
    static final String RESOURCE = "application-demo.yml";
    /** Part of the name of every property source holding the file, whoever loaded it. */
    public static final String SOURCE_NAME = "class path resource [" + RESOURCE + "]";
    private static final String PACKAGED_DEFAULTS = "class path resource [application.yml]";

    private DemoConfiguration() {
    }

    public static boolean demoProfile(ConfigurableEnvironment env) {
        return env.acceptsProfiles(Profiles.of(PROFILE));
    }

    /**
     * Adds the file where a profile's file would be: just above the packaged {@code application.yml}, below every
     * setting of the operator's (command line, environment, external files, other profiles).
     */
    static void addToEmbeddedDefault(ConfigurableEnvironment env) {
        MutablePropertySources sources = env.getPropertySources();
        if (demoProfile(env) || sources.stream().anyMatch(s -> s.getName().contains(SOURCE_NAME))) {
            return;
        }
        List<PropertySource<?>> loaded;
        try {
            loaded = new YamlPropertySourceLoader().load(
                    "Config resource '" + SOURCE_NAME + "' of the embedded default", new ClassPathResource(RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String packaged = sources.stream().map(PropertySource::getName).filter(n -> n.contains(PACKAGED_DEFAULTS))
                .findFirst().orElse(null);
        for (PropertySource<?> source : loaded) {
            if (packaged != null) {
                sources.addBefore(packaged, source);
            } else {
                sources.addLast(source);
            }
        }
    }
}
