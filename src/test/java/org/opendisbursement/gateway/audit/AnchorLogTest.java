package org.opendisbursement.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The anchor file on its own: where it and its key live by default, how lines chain, and that it is only ever
 * appended to. (The attacks on it, and the route writing it, are in {@link LedgerAnchorsTest}.)
 */
class AnchorLogTest {

    private static final String HEADS = "ab".repeat(32);

    private static AuditProperties properties(String file, String key) {
        return new AuditProperties(true, 1000, 20000, 2000, List.of(), true, file, key);
    }

    @Test
    void theEmbeddedDefaultKeepsAnchorsBesideItsDataAndTheKeyInsideItsDataFolderReadableByItsOwnerOnly(@TempDir Path dir)
            throws Exception {
        Path postgres = dir.resolve("data/postgres");
        Files.createDirectories(postgres);
        MockEnvironment env = new MockEnvironment()
                .withProperty("disbursement.embedded-postgres.data-dir", postgres.toString())
                .withProperty("disbursement.embedded-postgres.actual-port", "54321");

        Path file = AnchorLog.file(properties("", ""), env);
        assertThat(file).isEqualTo(dir.resolve("data/anchors/ledger-anchors.log").toAbsolutePath());
        byte[] key = AnchorLog.key(properties("", ""), env);
        Path keyFile = postgres.resolve(AnchorLog.KEY_FILE);
        assertThat(keyFile).exists();
        assertThat(Files.readString(keyFile).strip()).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(AnchorLog.key(properties("", ""), env)).as("the same key on every start").isEqualTo(key);
        assertThat(keyFile.toAbsolutePath().startsWith(file.getParent())).as("a copy of the anchors never carries the key").isFalse();
    }

    @Test
    void aConfiguredFileAndKeyAreUsedAsGivenAndAnEmbeddedDatabaseInATemporaryFolderGetsTemporaryAnchors(@TempDir Path dir) {
        MockEnvironment real = new MockEnvironment();
        String configured = dir.resolve("anchors.log").toString();
        assertThat(AnchorLog.file(properties(configured, "k"), real)).isEqualTo(Path.of(configured));
        assertThat(AnchorLog.key(properties(configured, " a key of the operator "), real))
                .isEqualTo("a key of the operator".getBytes(StandardCharsets.UTF_8));

        MockEnvironment temporary = new MockEnvironment().withProperty("disbursement.embedded-postgres.data-dir", "")
                .withProperty("disbursement.embedded-postgres.actual-port", "54321");
        Path file = AnchorLog.file(properties("", ""), temporary);
        assertThat(file.getFileName()).hasToString("ledger-anchors.log");
        assertThat(file.getParent().getFileName().toString()).startsWith("gateway-anchors-");
        assertThat(AnchorLog.key(properties("", ""), temporary)).hasSize(32)
                .isNotEqualTo(AnchorLog.key(properties("", ""), temporary));
    }

    @Test
    void linesAreAppendedEachUnderAMacChainedToTheOneBeforeAndAnotherWriterContinuesTheChain(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("anchors/ledger-anchors.log");
        byte[] key = "the operator's key".getBytes(StandardCharsets.UTF_8);
        AnchorLog log = new AnchorLog(file, key);
        AnchorLog.Line first = log.append(Instant.parse("2026-12-01T10:00:00Z"), 10, 2, HEADS);
        AnchorLog.Line second = log.append(Instant.parse("2026-12-01T10:10:00Z"), 25, 3, HEADS);
        assertThat(first.prev()).isEqualTo(AnchorLog.ZEROS);
        assertThat(second.prev()).isEqualTo(first.mac());
        assertThat(Files.readString(file)).isEqualTo(first.text() + "\n" + second.text() + "\n")
                .startsWith("v1 2026-12-01T10:00:00Z horizon=10 chains=2 heads=" + HEADS + " prev=" + AnchorLog.ZEROS + " mac=");

        // a gateway started later (a new instance of the log) links to the file's last line
        AnchorLog.Line third = new AnchorLog(file, key).append(Instant.parse("2026-12-01T10:20:00Z"), 25, 3, HEADS);
        assertThat(third.prev()).isEqualTo(second.mac());

        AnchorLog.Reading reading = log.read();
        assertThat(reading.broken()).isEmpty();
        assertThat(reading.trusted()).extracting(AnchorLog.Line::number).containsExactly(1, 2, 3);
        assertThat(reading.last().horizon()).isEqualTo(25);

        AnchorLog.Reading underAnotherKey = new AnchorLog(file, "not the key".getBytes(StandardCharsets.UTF_8)).read();
        assertThat(underAnotherKey.trusted()).isEmpty();
        assertThat(underAnotherKey.broken()).hasSize(3)
                .allSatisfy(b -> assertThat(b.problem()).contains("does not carry its MAC"));
    }

    @Test
    void aStrayLineIsNamedAndTheLinesAfterItStillFollowIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger-anchors.log");
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        AnchorLog log = new AnchorLog(file, key);
        log.append(Instant.parse("2026-12-01T10:00:00Z"), 10, 2, HEADS);
        Files.writeString(file, "written by something else\n", java.nio.file.StandardOpenOption.APPEND);
        new AnchorLog(file, key).append(Instant.parse("2026-12-01T10:10:00Z"), 10, 2, HEADS);

        AnchorLog.Reading reading = new AnchorLog(file, key).read();
        assertThat(reading.lines()).isEqualTo(3);
        assertThat(reading.broken()).singleElement().satisfies(b -> {
            assertThat(b.number()).isEqualTo(2);
            assertThat(b.problem()).contains("is not an anchor");
        });
        assertThat(reading.trusted()).extracting(AnchorLog.Line::number).containsExactly(1, 3);
    }

    @Test
    void aFileThatCannotBeReadIsNamedNotThrown(@TempDir Path dir) {
        AnchorLog.Reading reading = new AnchorLog(dir, "k".getBytes(StandardCharsets.UTF_8)).read();
        assertThat(reading.trusted()).isEmpty();
        assertThat(reading.broken()).singleElement().satisfies(b -> assertThat(b.problem()).contains("cannot be read"));
    }
}
