package org.opendisbursement.gateway.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.opendisbursement.mock.MockProviders;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The mock providers' mappings and TEST-ONLY keys, copied from the jar ({@code mock-providers/**}) into a temporary
 * folder laid out like the repository's {@code mock-providers/}: WireMock cannot read mappings from inside a nested
 * Spring Boot jar, and a folder works from any working directory. Deleted when the sandbox stops.
 */
final class SandboxFiles implements AutoCloseable {

    private final Path root;

    private SandboxFiles(Path root) {
        this.root = root;
    }

    static SandboxFiles unpack() {
        try {
            Path root = Files.createTempDirectory("gateway-sandbox-");
            String prefix = MockProviders.CLASSPATH_ROOT + "/";
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + prefix + "**/*.*")) {
                String url = resource.getURL().toString();
                int at = url.lastIndexOf(prefix);
                if (!resource.isReadable() || at < 0) {
                    continue;
                }
                Path target = root.resolve(url.substring(at + prefix.length())).normalize();
                if (!target.startsWith(root)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new SandboxFiles(root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the sandbox providers' mappings", e);
        }
    }

    /** The folder holding {@code <provider>/mappings} and {@code keys}. */
    Path root() {
        return root;
    }

    String text(String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("the jar lacks mock-providers/" + relative, e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the system cleans it up eventually
        }
    }
}
