package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway is on Jackson 3 ({@code tools.jackson.*}; Spring Boot 4 configures a {@code JsonMapper}). Jackson 2's
 * databind still lies on the classpath (Flyway and the contract kit bring it), so Jackson 2 code would compile and
 * then miss Boot's mapper and its settings. Only the annotations keep their {@code com.fasterxml.jackson.annotation}
 * package. docs/upgrading-to-boot-4.md says how to convert.
 */
class JacksonThreeOnlyTest {

    private static final Pattern JACKSON_2 = Pattern.compile(
            "^import\\s+(static\\s+)?com\\.fasterxml\\.jackson\\.(?!annotation\\.)", Pattern.MULTILINE);

    @Test
    void noJackson2ApiInTheGatewayOrItsTests() throws IOException {
        assertThat(jackson2Users(Path.of("src/main/java"))).as("main code on Jackson 2").isEmpty();
        assertThat(jackson2Users(Path.of("src/test/java"))).as("test code on Jackson 2").isEmpty();
    }

    @Test
    void theCheckSeesAJackson2Import() {
        assertThat(JACKSON_2.matcher("package x;\nimport com.fasterxml.jackson.databind.ObjectMapper;\n").find()).isTrue();
        assertThat(JACKSON_2.matcher("import com.fasterxml.jackson.annotation.JsonProperty;\n").find()).isFalse();
    }

    private static List<Path> jackson2Users(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return JACKSON_2.matcher(Files.readString(f, StandardCharsets.UTF_8)).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
