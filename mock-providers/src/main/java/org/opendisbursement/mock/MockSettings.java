package org.opendisbursement.mock;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Runtime knobs of a mock provider. Immutable; {@link MockState} swaps whole instances.
 *
 * @param timeoutAfterRecordPercent share (0..100) of otherwise successful payout requests that are
 *                                  executed and journaled, but whose answer is lost (connection
 *                                  reset after {@code timeoutDelayMs}). Deterministic: with 10, every
 *                                  10th eligible payout request is hit.
 * @param delayMs                   fixed delay added to every provider answer (not to /__mock answers)
 * @param slowMs                    delay of the "slow answer" scenario
 * @param timeoutDelayMs            how long a lost answer hangs before the connection is reset; set it
 *                                  above the client's read timeout to get a read timeout instead of a reset
 * @param callbackDelayMs           delay before a callback (M-Pesa result, MTN notification) is sent;
 *                                  a second copy follows after the same delay again
 * @param tokenTtlSeconds           lifetime of issued access tokens
 * @param mtnOngoingMs              MTN's sandbox number 46733123453 ("ongoing"): how long its transfer stays
 *                                  PENDING before it succeeds (the real sandbox: about 30 s)
 */
public record MockSettings(
        int timeoutAfterRecordPercent,
        long delayMs,
        long slowMs,
        long timeoutDelayMs,
        long callbackDelayMs,
        long tokenTtlSeconds,
        long mtnOngoingMs) {

    /** System property prefix, e.g. {@code -Dmock.delayMs=50}. */
    public static final String PROPERTY_PREFIX = "mock.";

    public MockSettings {
        if (timeoutAfterRecordPercent < 0 || timeoutAfterRecordPercent > 100) {
            throw new IllegalArgumentException("timeoutAfterRecordPercent must be within 0..100");
        }
        requireNotNegative("delayMs", delayMs);
        requireNotNegative("slowMs", slowMs);
        requireNotNegative("timeoutDelayMs", timeoutDelayMs);
        requireNotNegative("callbackDelayMs", callbackDelayMs);
        if (tokenTtlSeconds < 1) {
            throw new IllegalArgumentException("tokenTtlSeconds must be at least 1");
        }
        requireNotNegative("mtnOngoingMs", mtnOngoingMs);
    }

    /** The settings without MTN's ongoing delay (its default, 30 s). */
    public MockSettings(int timeoutAfterRecordPercent, long delayMs, long slowMs, long timeoutDelayMs,
                        long callbackDelayMs, long tokenTtlSeconds) {
        this(timeoutAfterRecordPercent, delayMs, slowMs, timeoutDelayMs, callbackDelayMs, tokenTtlSeconds, 30_000);
    }

    public static MockSettings defaults() {
        return new MockSettings(0, 0, 3_000, 0, 100, 3_600);
    }

    /** Defaults overridden by {@code mock.<name>} system properties. */
    public static MockSettings fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    static MockSettings fromProperties(Properties properties) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String name : defaults().asMap().keySet()) {
            String value = properties.getProperty(PROPERTY_PREFIX + name);
            if (value != null && !value.isBlank()) {
                changes.put(name, value.trim());
            }
        }
        return defaults().with(changes);
    }

    /** A copy with the given fields replaced; unknown names are rejected. */
    public MockSettings with(Map<String, ?> changes) {
        Map<String, Object> merged = new LinkedHashMap<>(asMap());
        for (Map.Entry<String, ?> change : changes.entrySet()) {
            if (!merged.containsKey(change.getKey())) {
                throw new IllegalArgumentException("unknown setting: " + change.getKey()
                        + " (known: " + merged.keySet() + ")");
            }
            merged.put(change.getKey(), change.getValue());
        }
        return new MockSettings(
                (int) number(merged, "timeoutAfterRecordPercent"),
                number(merged, "delayMs"),
                number(merged, "slowMs"),
                number(merged, "timeoutDelayMs"),
                number(merged, "callbackDelayMs"),
                number(merged, "tokenTtlSeconds"),
                number(merged, "mtnOngoingMs"));
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("timeoutAfterRecordPercent", timeoutAfterRecordPercent);
        map.put("delayMs", delayMs);
        map.put("slowMs", slowMs);
        map.put("timeoutDelayMs", timeoutDelayMs);
        map.put("callbackDelayMs", callbackDelayMs);
        map.put("tokenTtlSeconds", tokenTtlSeconds);
        map.put("mtnOngoingMs", mtnOngoingMs);
        return map;
    }

    private static long number(Map<String, Object> values, String name) {
        Object value = values.get(name);
        try {
            if (value instanceof Number) {
                return ((Number) value).longValue();
            }
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got: " + value);
        }
    }

    private static void requireNotNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
