package org.opendisbursement.gateway.system;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The operator routes come from the jar ({@code classpath:routes/*.yaml}, the repository's {@code routes/}) unless
 * {@code disbursement.routes-dir} names a folder: then that folder's {@code *.yaml} replace them. A relative folder
 * is read from the working directory; a value that already has a scheme ({@code file:}, {@code classpath:}) is
 * taken as it is.
 */
public class RoutesFolder implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String dir = env.getProperty("disbursement.routes-dir", "").strip();
        if (dir.isEmpty()) {
            return;
        }
        String location = dir.matches("^[a-z]+:.*") && !dir.matches("^[A-Za-z]:\\\\.*")
                ? dir : "file:" + Path.of(dir).toAbsolutePath().normalize();
        String pattern = (location.endsWith("/") ? location : location + "/") + "*.yaml";
        env.getPropertySources().addFirst(new MapPropertySource("routesFolder",
                Map.of("camel.main.routes-include-pattern", pattern)));
    }
}
