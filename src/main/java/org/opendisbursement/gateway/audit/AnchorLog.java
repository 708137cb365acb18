package org.opendisbursement.gateway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The anchor file: the ledger's chain heads kept outside the database, one line per anchor, appended and never
 * rewritten. A line reads
 * <pre>v1 2026-12-01T10:00:00Z horizon=81234 chains=37 heads=&lt;64 hex&gt; prev=&lt;64 hex&gt; mac=&lt;64 hex&gt;</pre>
 * {@code horizon}: every entry up to it was sealed; {@code heads}: the root of the chain heads at that horizon, as
 * {@code GET /api/ledger/heads} computes it (SHA-256 over {@code <chain>:<head entry>:<head hash>\n}, chains in order,
 * each chain's last seal at or below the horizon); {@code prev}: the previous line's {@code mac} (64 zeros on the
 * first line); {@code mac}: HMAC-SHA256 under the anchor key over the line up to {@code " mac="}. The key is never in
 * the database, so whoever rewrites the database (its owner or superuser included) can neither recompute the heads
 * anchored before nor write lines that pass; a line altered, removed or inserted breaks the chain of MACs.
 *
 * <p>Where it lives: {@code disbursement.audit.anchor-file}; by default {@code data/anchors/ledger-anchors.log}
 * (beside the embedded database's {@code data/postgres}), and for an embedded database in a temporary folder (tests)
 * a temporary folder too, so the anchors live as long as the database they anchor. The key:
 * {@code disbursement.audit.anchor-key} (required under prod, see {@code StartupSafety}); without it the gateway
 * generates one and keeps it, readable by its owner only, in the embedded database's data folder (like its passwords)
 * or, on a real database (the demo profile), in {@value #KEY_FILE} beside the anchors folder, never inside it (a copy
 * of the anchors for auditors must not carry the key). One gateway writes one file.
 */
@Component
class AnchorLog {

    static final String KEY_FILE = "gateway-anchor.key";
    static final String ZEROS = "0".repeat(64);
    private static final Logger LOG = LoggerFactory.getLogger(AnchorLog.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern LINE = Pattern.compile(
            "v1 (\\S+) horizon=([0-9]{1,19}) chains=([0-9]{1,10}) heads=([0-9a-f]{64}) prev=([0-9a-f]{64}) mac=([0-9a-f]{64})");

    /** One line of the file, parsed; {@code number} counts from 1. */
    record Line(int number, Instant at, long horizon, int chains, String heads, String prev, String mac, String text) {
    }

    /** What is wrong with one line of the file. */
    record Broken(int number, Long horizon, String problem) {
    }

    /** The file as read: every line whose MAC and link hold ({@code trusted}), and what is wrong with the others. */
    record Reading(Path file, int lines, List<Line> trusted, List<Broken> broken) {

        Line last() {
            return trusted.isEmpty() ? null : trusted.get(trusted.size() - 1);
        }
    }

    private final Path file;
    private final SecretKeySpec key;
    private String lastMac;

    @Autowired
    AnchorLog(AuditProperties properties, Environment env) {
        this(file(properties, env), key(properties, env));
    }

    AnchorLog(Path file, byte[] key) {
        this.file = file.toAbsolutePath();
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    Path file() {
        return file;
    }

    /** Appends one anchor, linked to the last line's MAC, and forces it to disk before returning. */
    synchronized Line append(Instant at, long horizon, int chains, String heads) {
        try {
            Files.createDirectories(file.getParent());
            if (lastMac == null) {
                lastMac = lastMacInFile();
            }
            String prev = lastMac;
            String body = "v1 " + at + " horizon=" + horizon + " chains=" + chains + " heads=" + heads + " prev=" + prev;
            String mac = mac(body);
            String text = body + " mac=" + mac;
            // APPEND: every write goes to the end of the file, whatever else has it open; nothing is ever overwritten
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer bytes = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            lastMac = mac;
            return new Line(0, at, horizon, chains, heads, prev, mac, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the anchor file " + file, e);
        }
    }

    /** Reads the whole file and checks every line's MAC and link to the line before. */
    synchronized Reading read() {
        List<String> lines;
        try {
            lines = rawLines();
        } catch (UncheckedIOException e) {
            return new Reading(file, 0, List.of(), List.of(new Broken(0, null, "the anchor file " + file
                    + " cannot be read (" + e.getCause().getMessage() + "): no anchor could be checked")));
        }
        List<Line> trusted = new ArrayList<>();
        List<Broken> broken = new ArrayList<>();
        String previousMac = ZEROS;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String text = lines.get(i);
            Matcher m = LINE.matcher(text);
            Instant at = null;
            if (m.matches()) {
                try {
                    at = Instant.parse(m.group(1));
                } catch (DateTimeParseException e) {
                    at = null;
                }
            }
            if (at == null) {
                broken.add(new Broken(number, null, "line " + number + " of the anchor file is not an anchor: it was "
                        + "altered or written by something else"));
                previousMac = HEX.formatHex(sha256(text));
                continue;
            }
            Line line = new Line(number, at, Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)), m.group(4),
                    m.group(5), m.group(6), text);
            boolean macHolds = MessageDigest.isEqual(line.mac().getBytes(StandardCharsets.US_ASCII),
                    mac(text.substring(0, text.lastIndexOf(" mac="))).getBytes(StandardCharsets.US_ASCII));
            boolean follows = line.prev().equals(previousMac);
            if (!macHolds) {
                broken.add(new Broken(number, line.horizon(), "line " + number + " of the anchor file (anchored "
                        + line.at() + ") does not carry its MAC: it was altered, or written under another key"));
            } else if (!follows) {
                broken.add(new Broken(number, line.horizon(), "line " + number + " of the anchor file (anchored "
                        + line.at() + ") does not follow the line before it: " + (number == 1
                        ? "the lines before it were removed" : "a line was removed, inserted or moved")));
            } else {
                trusted.add(line);
            }
            previousMac = line.mac();
        }
        return new Reading(file, lines.size(), List.copyOf(trusted), List.copyOf(broken));
    }

    /** Copies the file as it stands (nothing when there is none yet). */
    synchronized void copyTo(OutputStream out) throws IOException {
        if (Files.exists(file)) {
            Files.copy(file, out);
        }
    }

    private List<String> rawLines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);  // the newline that ends the last line
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the anchor file " + file, e);
        }
    }

    private String lastMacInFile() {
        List<String> lines = rawLines();
        if (lines.isEmpty()) {
            return ZEROS;
        }
        Matcher m = LINE.matcher(lines.get(lines.size() - 1));
        // a last line that is not an anchor: link to it all the same, so the break stays visible where it is
        return m.matches() ? m.group(6) : HEX.formatHex(sha256(lines.get(lines.size() - 1)));
    }

    String mac(String body) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return HEX.formatHex(hmac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    // ---- where the file and the key are

    /** An embedded database in a temporary folder (the tests): its anchors are temporary too. */
    private static boolean temporaryEmbeddedDatabase(Environment env) {
        return env.getProperty("disbursement.embedded-postgres.actual-port") != null
                && env.getProperty("disbursement.embedded-postgres.data-dir", "").isBlank();
    }

    private static Path embeddedDataDir(Environment env) {
        if (env.getProperty("disbursement.embedded-postgres.actual-port") == null) {
            return null;
        }
        String dir = env.getProperty("disbursement.embedded-postgres.data-dir", "");
        return dir.isBlank() ? null : Path.of(dir);
    }

    static Path file(AuditProperties properties, Environment env) {
        if (!properties.anchorFile().isBlank()) {
            return Path.of(properties.anchorFile().strip());
        }
        if (temporaryEmbeddedDatabase(env)) {
            try {
                Path dir = Files.createTempDirectory("gateway-anchors-");
                dir.toFile().deleteOnExit();
                dir.resolve("ledger-anchors.log").toFile().deleteOnExit();
                return dir.resolve("ledger-anchors.log");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a temporary folder for the anchor file", e);
            }
        }
        Path embedded = embeddedDataDir(env);
        Path data = embedded != null && embedded.toAbsolutePath().getParent() != null
                ? embedded.toAbsolutePath().getParent() : Path.of("data");
        return data.resolve("anchors").resolve("ledger-anchors.log");
    }

    static byte[] key(AuditProperties properties, Environment env) {
        if (!properties.anchorKey().isBlank()) {
            return properties.anchorKey().strip().getBytes(StandardCharsets.UTF_8);
        }
        if (temporaryEmbeddedDatabase(env)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
        Path embedded = embeddedDataDir(env);
        Path keyFile = embedded != null ? embedded.resolve(KEY_FILE)
                : file(properties, env).toAbsolutePath().getParent().resolveSibling(KEY_FILE);
        return keptKey(keyFile);
    }

    /** The key kept in {@code keyFile}, generated there (readable by its owner only) the first time. */
    private static byte[] keptKey(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(keyFile);
                }
                Files.writeString(keyFile, HEX.formatHex(random) + "\n", StandardCharsets.US_ASCII);
                LOG.info("generated the ledger's anchor key in {} (disbursement.audit.anchor-key was not set)", keyFile);
            }
            String key = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
            if (key.isEmpty()) {
                throw new IllegalStateException(keyFile + " is empty: it should hold the ledger's anchor key");
            }
            return key.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the ledger's anchor key in " + keyFile, e);
        }
    }
}
