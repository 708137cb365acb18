package org.opendisbursement.mock;

/**
 * What the mock does with one payout request; chosen by {@link ScenarioTable} from the wallet number.
 *
 * @param kind the behaviour
 * @param code the provider's rejection code or reason, for {@link Kind#REJECTED} only
 */
public record Scenario(Kind kind, String code) {

    public static final Scenario SUCCESS = of(Kind.SUCCESS);

    public enum Kind {
        /** Executed at once and answered normally. */
        SUCCESS,
        /** Refused with the provider's business code in {@link Scenario#code()}; nothing executed. */
        REJECTED,
        /** HTTP 429 (or the provider's throttling answer); nothing recorded. */
        RATE_LIMITED,
        /** HTTP 500; nothing recorded. */
        SERVER_ERROR,
        /** HTTP 503; nothing recorded. */
        UNAVAILABLE,
        /** Connection reset before anything is recorded: the retry with the same reference is safe. */
        RESET_BEFORE_RECORD,
        /** Executed and journaled, then the connection is reset: the client sees a timeout. */
        TIMEOUT_AFTER_RECORD,
        /** Executed, answered after {@link MockSettings#slowMs()}. */
        SLOW,
        /** Accepted as pending; the first status query answers pending, after which it completes. */
        PENDING_THEN_SUCCESS,
        /** Accepted as pending and never completes. */
        STAYS_PENDING,
        /** Executed; the callback is delivered twice. */
        CALLBACK_TWICE,
        /** Executed; the callback is delivered with PUT instead of POST (MTN). */
        CALLBACK_PUT,
        /** Accepted, then only the QueueTimeOutURL is notified; nothing executed or recorded (M-Pesa). */
        QUEUE_TIMEOUT,
        /** Answered with the provider's duplicate-reference answer although the reference is new. */
        FORCED_DUPLICATE
    }

    public static Scenario of(Kind kind) {
        return new Scenario(kind, null);
    }

    public static Scenario rejected(String code) {
        return new Scenario(Kind.REJECTED, code);
    }

    public boolean is(Kind other) {
        return kind == other;
    }
}
