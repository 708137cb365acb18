package org.opendisbursement.gateway.reconciliation;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a statement line's status word says about the money: paid, not paid, or not final yet. */
enum StatementStatus {
    PAID, NOT_PAID, PENDING;

    private static final Map<String, StatementStatus> WORDS = Map.ofEntries(
            Map.entry("COMPLETED", PAID), Map.entry("COMPLETE", PAID), Map.entry("SUCCESS", PAID),
            Map.entry("SUCCESSFUL", PAID), Map.entry("SUCCEEDED", PAID), Map.entry("PAID", PAID),
            Map.entry("CONFIRMED", PAID), Map.entry("SETTLED", PAID),
            Map.entry("FAILED", NOT_PAID), Map.entry("FAILURE", NOT_PAID), Map.entry("FAIL", NOT_PAID),
            Map.entry("REJECTED", NOT_PAID), Map.entry("DECLINED", NOT_PAID), Map.entry("CANCELLED", NOT_PAID),
            Map.entry("CANCELED", NOT_PAID), Map.entry("REVERSED", NOT_PAID), Map.entry("EXPIRED", NOT_PAID),
            Map.entry("REFUNDED", NOT_PAID),
            Map.entry("PENDING", PENDING), Map.entry("PROCESSING", PENDING), Map.entry("IN_PROGRESS", PENDING),
            Map.entry("INITIATED", PENDING), Map.entry("SUBMITTED", PENDING));

    static final String KNOWN_WORDS = "COMPLETED, SUCCESS(FUL), PAID, CONFIRMED, SETTLED; FAILED, REJECTED, DECLINED, "
            + "CANCELLED, REVERSED, EXPIRED, REFUNDED; PENDING, PROCESSING, IN_PROGRESS, INITIATED, SUBMITTED";

    static Optional<StatementStatus> of(String word) {
        String key = word.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        return Optional.ofNullable(WORDS.get(key));
    }
}
