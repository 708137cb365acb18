package org.opendisbursement.gateway.dispatch;

import org.slf4j.event.Level;

/**
 * What a provider said about one payout, in the gateway's terms. Every adapter maps every answer, error code,
 * timeout and exception of its provider into exactly one of these; dispatch decides the next state from it.
 */
public sealed interface PayoutOutcome {

    /** A short, log- and metric-safe name: confirmed, pending, rejected, retryable, unknown, not_found, duplicate. */
    String kind();

    /**
     * How loud a log line about this outcome should be: a payout paid or accepted is routine (DEBUG; the ledger holds
     * every one), anything else is worth a line at INFO.
     */
    default Level logLevel() {
        return this instanceof Confirmed || this instanceof Pending ? Level.DEBUG : Level.INFO;
    }

    /**
     * One log-safe phrase: the kind, with the code of a refusal or a passing failure, and the gateway's own reason for
     * an unknown outcome (never a wallet, token or provider message body; every reason is in the ledger too).
     */
    default String describe() {
        if (this instanceof Rejected rejected) {
            return "rejected " + rejected.code();
        }
        if (this instanceof Retryable retryable) {
            return "retryable " + retryable.code();
        }
        if (this instanceof Unknown unknown) {
            return "unknown (" + unknown.reason() + ")";
        }
        return kind();
    }

    /** Paid: the money reached the wallet. */
    record Confirmed(String providerTransactionId) implements PayoutOutcome {
        public String kind() {
            return "confirmed";
        }
    }

    /** The provider accepted it and will finish later (poll, or wait for the callback). */
    record Pending(String providerTransactionId, String detail) implements PayoutOutcome {
        public String kind() {
            return "pending";
        }
    }

    /** Refused for good (unknown wallet, limit, …): never resend. {@code code} is the provider's own code. */
    record Rejected(String code, String reason) implements PayoutOutcome {
        public String kind() {
            return "rejected";
        }
    }

    /** Not executed, for a passing reason (rate limit, maintenance, refused connection): may be sent again later. */
    record Retryable(String code, String reason) implements PayoutOutcome {
        public String kind() {
            return "retryable";
        }
    }

    /** The request may have reached the provider (timeout, reset, 5xx after sending): query before anything else. */
    record Unknown(String reason) implements PayoutOutcome {
        public String kind() {
            return "unknown";
        }
    }

    /** The provider already has a payout under this reference: query it, never send again. */
    record Duplicate(String detail) implements PayoutOutcome {
        public String kind() {
            return "duplicate";
        }
    }

    /** Status query only: the provider has no transaction under this reference; it is safe to send it again. */
    record NotFound(String detail) implements PayoutOutcome {
        public String kind() {
            return "not_found";
        }
    }
}
