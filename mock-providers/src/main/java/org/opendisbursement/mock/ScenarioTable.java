package org.opendisbursement.mock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Magic wallet numbers of one provider: {@code prefix + suffix} selects a scenario, any other wallet
 * succeeds. The suffix is the last digits of the number, so it stays readable in masked logs.
 */
final class ScenarioTable {

    private final String prefix;
    private final int suffixLength;
    private final Map<String, Scenario> bySuffix;

    private ScenarioTable(String prefix, int suffixLength, Map<String, Scenario> bySuffix) {
        this.prefix = prefix;
        this.suffixLength = suffixLength;
        this.bySuffix = Map.copyOf(bySuffix);
    }

    /**
     * Starts a table whose suffixes are {@code suffixLength} digits, pre-filled with the transport
     * scenarios every provider shares: 429, 500, 503, 499 (reset before record), 408 (timeout after
     * record) and 901 (slow), left-padded with zeros to the suffix length.
     */
    static Builder withPrefix(String prefix, int suffixLength) {
        return new Builder(prefix, suffixLength)
                .add("429", Scenario.of(Scenario.Kind.RATE_LIMITED))
                .add("500", Scenario.of(Scenario.Kind.SERVER_ERROR))
                .add("503", Scenario.of(Scenario.Kind.UNAVAILABLE))
                .add("499", Scenario.of(Scenario.Kind.RESET_BEFORE_RECORD))
                .add("408", Scenario.of(Scenario.Kind.TIMEOUT_AFTER_RECORD))
                .add("901", Scenario.of(Scenario.Kind.SLOW));
    }

    Scenario forWallet(String wallet) {
        if (wallet == null || wallet.length() != prefix.length() + suffixLength || !wallet.startsWith(prefix)) {
            return Scenario.SUCCESS;
        }
        return bySuffix.getOrDefault(wallet.substring(prefix.length()), Scenario.SUCCESS);
    }

    static final class Builder {
        private final String prefix;
        private final int suffixLength;
        private final Map<String, Scenario> bySuffix = new LinkedHashMap<>();

        private Builder(String prefix, int suffixLength) {
            this.prefix = prefix;
            this.suffixLength = suffixLength;
        }

        /** Adds a scenario; the suffix is left-padded with zeros to the table's suffix length. */
        Builder add(String suffix, Scenario scenario) {
            if (suffix.length() > suffixLength) {
                throw new IllegalArgumentException("suffix too long: " + suffix);
            }
            bySuffix.put("0".repeat(suffixLength - suffix.length()) + suffix, scenario);
            return this;
        }

        Builder reject(String suffix, String code) {
            return add(suffix, Scenario.rejected(code));
        }

        ScenarioTable build() {
            return new ScenarioTable(prefix, suffixLength, bySuffix);
        }
    }
}
