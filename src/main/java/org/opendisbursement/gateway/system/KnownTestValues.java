package org.opendisbursement.gateway.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The values no real deployment has: every provider value of {@code application-demo.yml} (the mock providers'
 * test credentials, the default callback secrets), the mock providers' TEST-ONLY keys ({@code mock-providers/keys},
 * packaged in the jar), and values that are plainly placeholders or test values ({@code change-me…},
 * {@code test-…}, {@code <…>}).
 */
final class KnownTestValues {

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)(change[-_]?me.*|test[-_].*|.*test[-_]only.*|<.*>|replace[-_ ]?me.*|dummy.*|example.*)");
    private static final String KEYS = "classpath*:mock-providers/keys/test-only-*.pem";

    private final Set<String> values;
    private final Set<String> keys;

    KnownTestValues(Set<String> values, Set<String> keys) {
        this.values = Set.copyOf(values);
        this.keys = Set.copyOf(keys);
    }

    /** The packaged demo configuration's provider values and the packaged TEST-ONLY keys. */
    static KnownTestValues packaged() {
        Set<String> values = new HashSet<>();
        Set<String> keys = new HashSet<>();
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load("demo",
                    new ClassPathResource(DemoConfiguration.RESOURCE))) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (name.startsWith("disbursement.providers.") && !name.endsWith(".base-url")
                                && !name.endsWith(".callback-base-url")) {
                            values.add(String.valueOf(enumerable.getProperty(name)).strip());
                        }
                    }
                }
            }
            for (Resource key : new PathMatchingResourcePatternResolver().getResources(KEYS)) {
                try (InputStream in = key.getInputStream()) {
                    keys.add(keyMaterial(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged test values", e);
        }
        return new KnownTestValues(values, keys);
    }

    /** A mock's or the demo's value, or plainly a placeholder or test value. */
    boolean isTestValue(String value) {
        String v = value.strip();
        return values.contains(v) || PLACEHOLDER.matcher(v).matches() || isTestKey(v);
    }

    /** The text of one of the mock providers' TEST-ONLY keys (PEM armour, comments and spacing aside). */
    boolean isTestKey(String keyText) {
        String material = keyMaterial(keyText);
        return !material.isEmpty() && keys.contains(material);
    }

    /** A key's text without armour lines ({@code -----…}), comment lines ({@code #…}) and white space. */
    static String keyMaterial(String text) {
        StringBuilder material = new StringBuilder();
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (!stripped.startsWith("-----") && !stripped.startsWith("#")) {
                material.append(stripped.replaceAll("\\s+", ""));
            }
        }
        return material.toString().toUpperCase(Locale.ROOT);
    }
}
