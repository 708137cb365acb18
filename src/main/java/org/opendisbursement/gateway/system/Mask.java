package org.opendisbursement.gateway.system;

/**
 * Masks personal identifiers before they reach a log line, a metric, an error report or an exception message:
 * only the last three characters stay readable, enough to find the row, not enough to misuse the number.
 */
public final class Mask {

    private Mask() {
    }

    private static final java.util.regex.Pattern LONG_DIGITS = java.util.regex.Pattern.compile("\\d{6,}");

    /**
     * A provider's own message made safe for a log line or a reason: runs of six or more digits (a wallet, an account)
     * masked, at most 160 characters; empty for none.
     */
    public static String providerMessage(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String masked = LONG_DIGITS.matcher(message.strip()).replaceAll("***");
        return masked.length() > 160 ? masked.substring(0, 160) + "…" : masked;
    }

    public static String identifier(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        int visible = Math.min(3, v.length() / 3);
        StringBuilder masked = new StringBuilder(v.length());
        int start = v.startsWith("+") ? 1 : 0;
        if (start == 1) {
            masked.append('+');
        }
        for (int i = start; i < v.length() - visible; i++) {
            masked.append('*');
        }
        return masked.append(v, v.length() - visible, v.length()).toString();
    }
}
