package org.opendisbursement.gateway.vouchers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A voucher code: 17 random symbols of Crockford's base 32 (85 bits from a {@link SecureRandom}) and one check
 * symbol, printed in three groups of six ({@code 7KQ2MX-9TRB4H-C8NW3P}) and in the voucher's QR code as
 * {@code ODV1:7KQ2MX-9TRB4H-C8NW3P}.
 *
 * <p>The check symbol makes the value of all 18 symbols, read as a polynomial over GF(32) at the primitive element
 * α (Horner: {@code s = α·s ⊕ symbol}), equal zero. A changed symbol adds {@code e·α^k ≠ 0}; two neighbours
 * {@code a, b} swapped add {@code (a ⊕ b)·α^k·(α ⊕ 1) ≠ 0}: every single-symbol error and every swap of neighbours
 * is caught (indeed every swap less than 31 apart).
 *
 * <p>Reading forgives what people do: any case, spaces and hyphens, {@code O} for zero, {@code I} and {@code L}
 * for one. Only {@link #hash()} and {@link #tail()} are ever stored; {@link #toString()} shows the tail only, so a
 * code that slips into a log line is not usable.
 */
final class VoucherCode {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int RANDOM_SYMBOLS = 17;
    static final int LENGTH = RANDOM_SYMBOLS + 1;
    static final int TAIL = 4;
    static final String QR_PREFIX = "ODV1:";

    /** GF(32) is GF(2)[x] / (x⁵ + x² + 1); α = x. */
    private static final int FIELD_POLYNOMIAL = 0b100101;

    /** What a person typed or a scanner read. */
    sealed interface Reading permits Valid, Mistyped {
    }

    record Valid(VoucherCode code) implements Reading {
    }

    /** Not a code: wrong length, a character codes never have, or a check symbol that does not match. */
    record Mistyped(String reason) implements Reading {
    }

    private final String symbols;

    private VoucherCode(String symbols) {
        this.symbols = symbols;
    }

    static VoucherCode generate(SecureRandom random) {
        int[] values = new int[LENGTH];
        for (int i = 0; i < RANDOM_SYMBOLS; i++) {
            values[i] = random.nextInt(32);
        }
        values[RANDOM_SYMBOLS] = checkValue(values, RANDOM_SYMBOLS);
        StringBuilder text = new StringBuilder(LENGTH);
        for (int v : values) {
            text.append(ALPHABET.charAt(v));
        }
        return new VoucherCode(text.toString());
    }

    /** Reads a typed code or a scanned QR payload. */
    static Reading read(String input) {
        if (input == null || input.isBlank()) {
            return new Mistyped("no code given");
        }
        String text = input.strip();
        if (text.regionMatches(true, 0, QR_PREFIX, 0, QR_PREFIX.length())) {
            text = text.substring(QR_PREFIX.length());
        }
        int[] values = new int[LENGTH];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toUpperCase(text.charAt(i));
            if (c == '-' || c == ' ' || c == '\u00a0') {
                continue;
            }
            int value = valueOf(c);
            if (value < 0) {
                return new Mistyped("it has a character voucher codes never have (codes use 0-9 and A-Z without I, L, O and U)");
            }
            if (n == LENGTH) {
                return new Mistyped("it is too long: a code has " + LENGTH + " characters");
            }
            values[n++] = value;
        }
        if (n != LENGTH) {
            return new Mistyped("it has " + n + " characters; a code has " + LENGTH);
        }
        if (checkValue(values, LENGTH) != 0) {
            return new Mistyped("the check character does not match: a character is mistyped or two are swapped");
        }
        StringBuilder symbols = new StringBuilder(LENGTH);
        for (int v : values) {
            symbols.append(ALPHABET.charAt(v));
        }
        return new Valid(new VoucherCode(symbols.toString()));
    }

    /** Horner over the first {@code count} values, times α once more: the symbol that makes the whole zero. */
    static int checkValue(int[] values, int count) {
        int s = 0;
        for (int i = 0; i < count; i++) {
            s = timesAlpha(s) ^ values[i];
        }
        return timesAlpha(s);
    }

    private static int timesAlpha(int s) {
        int shifted = s << 1;
        return (shifted & 0b100000) != 0 ? shifted ^ FIELD_POLYNOMIAL : shifted;
    }

    private static int valueOf(char c) {
        if (c == 'O') {
            return 0;
        }
        if (c == 'I' || c == 'L') {
            return 1;
        }
        return ALPHABET.indexOf(c);
    }

    /** The code as printed: three groups of six. */
    String formatted() {
        return symbols.substring(0, 6) + "-" + symbols.substring(6, 12) + "-" + symbols.substring(12);
    }

    String qrPayload() {
        return QR_PREFIX + formatted();
    }

    /** SHA-256 (hex) of the 18 symbols: what the database keeps to find a code. */
    String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(symbols.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    String tail() {
        return symbols.substring(LENGTH - TAIL);
    }

    /** How a code is shown wherever only its tail may be: {@code …NW3P}. */
    static String masked(String tail) {
        return "…" + tail.strip();
    }

    @Override
    public String toString() {
        return masked(tail());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VoucherCode code && code.symbols.equals(symbols);
    }

    @Override
    public int hashCode() {
        return symbols.hashCode();
    }
}
