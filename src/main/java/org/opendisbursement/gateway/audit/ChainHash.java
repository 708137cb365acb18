package org.opendisbursement.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One link of a ledger hash chain: {@code hash = SHA-256(prev_hash || UTF-8(canonical text of the entry))}, where the
 * canonical text is {@link CanonicalEntry#text()} (equal to the database function {@code ledger_entry_canonical}) and
 * the first entry of a chain links to 32 zero bytes. One instance per thread (it reuses its digest).
 */
final class ChainHash {

    static final byte[] GENESIS = new byte[32];
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;

    ChainHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    byte[] next(byte[] previous, String canonical) {
        sha256.reset();
        sha256.update(previous);
        return sha256.digest(canonical.getBytes(StandardCharsets.UTF_8));
    }

    byte[] of(String text) {
        sha256.reset();
        return sha256.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    static byte[] unhex(String text) {
        return HEX.parseHex(text);
    }
}
