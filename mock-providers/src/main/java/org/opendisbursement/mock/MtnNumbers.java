package org.opendisbursement.mock;

import java.util.Map;

/**
 * The MTN mock's magic payee numbers, {@code 46733123} + three digits. Five are MTN's own sandbox numbers (450 failed,
 * 451 rejected, 452 timeout, 453 ongoing, 454 pending); every other one is the mock's own, to play what the sandbox
 * cannot (each reason, a mismatching answer, a configuration fault). The transport suffixes (429, 500, 503, 499, 408,
 * 901) come from {@link ScenarioTable}.
 */
final class MtnNumbers {

    static final String PREFIX = "46733123";

    /** What the mock does with a transfer to one number. */
    enum Play {
        /** Accepted (202) and SUCCESSFUL at once. */
        SUCCESS,
        /** Accepted, then FAILED with {@link Behaviour#reason()}. */
        FAILED,
        /** Accepted, FAILED on every odd transfer to this number, SUCCESSFUL on the next one (a new reference). */
        FAILED_THEN_NEW_REFERENCE_SUCCEEDS,
        /** MTN's "ongoing": PENDING, SUCCESSFUL after {@link MockSettings#mtnOngoingMs()}. */
        ONGOING,
        /** MTN's "pending": PENDING for ever. */
        PENDING,
        /** The mock's own: PENDING at the first status query, SUCCESSFUL afterwards. */
        PENDING_THEN_SUCCESS,
        /** Paid as asked, but the status and callback report another amount. */
        REPORTS_OTHER_AMOUNT,
        /** Paid as asked, but the status and callback report another payee. */
        REPORTS_OTHER_PAYEE,
        /** Paid as asked, but the status and callback report another externalId. */
        REPORTS_OTHER_EXTERNAL_ID,
        /** Refused with HTTP 400 and {@link Behaviour#reason()} as the error code: a fault of the caller's account. */
        CONFIGURATION_FAULT
    }

    /**
     * @param reason       the failure reason (FAILED) or the 400 error code (configuration fault)
     * @param reasonObject whether {@code reason} is answered as {@code {code, message}} rather than a plain string
     * @param mtns         true for MTN's own sandbox numbers, false for the mock's own
     */
    record Behaviour(Play play, String reason, boolean reasonObject, boolean mtns) {
    }

    private static final Map<String, Behaviour> BY_SUFFIX = Map.ofEntries(
            // MTN's sandbox numbers (its documentation names the outcome only; the failure reasons are the mock's)
            Map.entry("450", new Behaviour(Play.FAILED, "INTERNAL_PROCESSING_ERROR", false, true)),
            Map.entry("451", new Behaviour(Play.FAILED, "APPROVAL_REJECTED", true, true)),
            Map.entry("452", new Behaviour(Play.FAILED, "EXPIRED", true, true)),
            Map.entry("453", new Behaviour(Play.ONGOING, null, false, true)),
            Map.entry("454", new Behaviour(Play.PENDING, null, false, true)),
            // the mock's own
            Map.entry("455", new Behaviour(Play.FAILED, "NOT_ENOUGH_FUNDS", false, false)),
            Map.entry("456", new Behaviour(Play.FAILED, "PAYER_LIMIT_REACHED", false, false)),
            Map.entry("457", new Behaviour(Play.FAILED, "PAYEE_NOT_FOUND", false, false)),
            Map.entry("458", new Behaviour(Play.FAILED, "NOT_ALLOWED", false, false)),
            Map.entry("459", new Behaviour(Play.FAILED, "PAYEE_NOT_ALLOWED_TO_RECEIVE", true, false)),
            Map.entry("460", new Behaviour(Play.FAILED, "COULD_NOT_PERFORM_TRANSACTION", true, false)),
            Map.entry("461", new Behaviour(Play.FAILED_THEN_NEW_REFERENCE_SUCCEEDS, "INTERNAL_PROCESSING_ERROR", true,
                    false)),
            Map.entry("462", new Behaviour(Play.FAILED, "INTERNAL_PROCESSING_ERROR", true, false)),
            Map.entry("463", new Behaviour(Play.FAILED, "SERVICE_UNAVAILABLE", true, false)),
            Map.entry("202", new Behaviour(Play.PENDING_THEN_SUCCESS, null, false, false)),
            Map.entry("771", new Behaviour(Play.REPORTS_OTHER_AMOUNT, null, false, false)),
            Map.entry("772", new Behaviour(Play.REPORTS_OTHER_PAYEE, null, false, false)),
            Map.entry("773", new Behaviour(Play.REPORTS_OTHER_EXTERNAL_ID, null, false, false)),
            Map.entry("781", new Behaviour(Play.CONFIGURATION_FAULT, "INVALID_CALLBACK_URL_HOST", true, false)),
            Map.entry("782", new Behaviour(Play.CONFIGURATION_FAULT, "INVALID_CURRENCY", true, false)),
            Map.entry("783", new Behaviour(Play.CONFIGURATION_FAULT, "NOT_ALLOWED_TARGET_ENVIRONMENT", true, false)));

    private static final Behaviour SUCCESS = new Behaviour(Play.SUCCESS, null, false, false);

    /** Messages of the {@code {code, message}} forms (the mock's wording). */
    static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("APPROVAL_REJECTED", "The transaction was rejected."),
            Map.entry("EXPIRED", "The transaction expired."),
            Map.entry("PAYEE_NOT_ALLOWED_TO_RECEIVE", "The payee is not allowed to receive."),
            Map.entry("COULD_NOT_PERFORM_TRANSACTION", "Could not perform the transaction."),
            Map.entry("INTERNAL_PROCESSING_ERROR", "An internal error occurred while processing."),
            Map.entry("SERVICE_UNAVAILABLE", "The service is currently unavailable."),
            Map.entry("INVALID_CALLBACK_URL_HOST", "Callback URL with host that does not match the registered host."),
            Map.entry("INVALID_CURRENCY", "Currency not supported."),
            Map.entry("NOT_ALLOWED_TARGET_ENVIRONMENT", "Access to target environment is forbidden."));

    /** The API user the mock refuses a token to (401), to play revoked credentials. The mock's own. */
    static final String REFUSED_API_USER = "00000000-0000-4000-8000-000000000401";

    private MtnNumbers() {
    }

    static Behaviour forPartyId(String partyId) {
        if (partyId == null || partyId.length() != PREFIX.length() + 3 || !partyId.startsWith(PREFIX)) {
            return SUCCESS;
        }
        return BY_SUFFIX.getOrDefault(partyId.substring(PREFIX.length()), SUCCESS);
    }

    /** The reason as MTN words it: a string, or {@code {code, message}}. */
    static Object reason(String code, boolean asObject) {
        if (code == null) {
            return null;
        }
        return asObject ? JsonAnswer.object("code", code, "message", MESSAGES.getOrDefault(code, code)) : code;
    }
}
