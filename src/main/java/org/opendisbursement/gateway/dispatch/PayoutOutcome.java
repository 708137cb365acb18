package org.opendisbursement.gateway.dispatch;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.event.Level;

/**
 * What a provider said about one payout, in the gateway's terms. Every adapter maps every answer, error code,
 * timeout and exception of its provider into exactly one of these; dispatch decides the next state from it.
 *
 * <p>An adapter reports what the provider said about the payout ({@link Reported}: amount, currency, payee,
 * reference) next to a confirmation or a pending answer; {@link PayoutCheck} compares it with the payout before
 * anything is believed, and turns a disagreement into a {@link Mismatch}.
 */
public sealed interface PayoutOutcome {

    /** A short, log- and metric-safe name: confirmed, pending, rejected, retryable, unknown, not_found, duplicate, … */
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
            return "retryable " + retryable.code() + (retryable.referenceSpent() ? " (reference spent)" : "");
        }
        if (this instanceof Unknown unknown) {
            return "unknown (" + unknown.reason() + ")";
        }
        if (this instanceof AccountFault fault) {
            return "account fault " + fault.code() + (fault.referenceSpent() ? " (reference spent)" : "");
        }
        if (this instanceof Mismatch mismatch) {
            return "mismatch in " + mismatch.fields();
        }
        return kind();
    }

    /**
     * What the provider's answer says about the payout it executed or holds; each part null when the answer does not
     * say. {@code payee} is the wallet as the provider gave it, in E.164 digits where the adapter could convert it
     * (a masked number, {@code 2547*****126}, is compared on its visible digits).
     */
    record Reported(Long amountMinor, String currency, String payee, String reference) {

        public static final Reported NOTHING = new Reported(null, null, null, null);

        public boolean isEmpty() {
            return amountMinor == null && currency == null && payee == null && reference == null;
        }
    }

    /**
     * Paid: the money reached the wallet. {@code providerTransactionId} is the provider's id of the transaction; when
     * there is none, {@code withoutIdBecause} says why (never both null).
     */
    record Confirmed(String providerTransactionId, Reported reported, String withoutIdBecause) implements PayoutOutcome {

        public Confirmed {
            reported = reported == null ? Reported.NOTHING : reported;
            if (providerTransactionId == null && (withoutIdBecause == null || withoutIdBecause.isBlank())) {
                withoutIdBecause = "the provider gave no transaction id";
            }
        }

        /** A confirmation whose answer said nothing checkable beyond the transaction id. */
        public Confirmed(String providerTransactionId) {
            this(providerTransactionId, Reported.NOTHING, null);
        }

        public Confirmed(String providerTransactionId, Reported reported) {
            this(providerTransactionId, reported, null);
        }

        public String kind() {
            return "confirmed";
        }
    }

    /** The provider accepted it and will finish later (poll, or wait for the callback). */
    record Pending(String providerTransactionId, String detail, Reported reported) implements PayoutOutcome {

        public Pending {
            reported = reported == null ? Reported.NOTHING : reported;
        }

        public Pending(String providerTransactionId, String detail) {
            this(providerTransactionId, detail, Reported.NOTHING);
        }

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

    /**
     * Not executed, for a passing reason (rate limit, maintenance, refused connection, lack of funds): may be sent
     * again later. {@code referenceSpent}: the provider holds this reference as failed for good (MTN's FAILED), so a
     * new attempt must go under a new reference derived from the installment and the attempt. From a status query
     * without {@code referenceSpent}, it means the query itself failed.
     */
    record Retryable(String code, String reason, boolean referenceSpent, java.time.Duration notBefore)
            implements PayoutOutcome {

        /**
         * {@code notBefore}: the provider asks for at least this long before the next try (bKash 2029: the same amount
         * went to this wallet moments ago); null = the provider's usual back-off.
         */
        public Retryable {
            if (notBefore != null && notBefore.isNegative()) {
                throw new IllegalArgumentException("notBefore must not be negative");
            }
        }

        public Retryable(String code, String reason, boolean referenceSpent) {
            this(code, reason, referenceSpent, null);
        }

        public Retryable(String code, String reason) {
            this(code, reason, false, null);
        }

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

    /**
     * The provider cannot tell what became of the payout (bKash without its trxID, Nagad without its rechargeId): a
     * person settles it from the merchant statement or a reconciliation. Never a resend, never a confirmation.
     * {@code reason} says what to check.
     */
    record Unverifiable(String reason) implements PayoutOutcome {
        public String kind() {
            return "unverifiable";
        }
    }

    /**
     * The trouble is the gateway's account with the provider, not the beneficiary (bad credentials, locked API user,
     * unfunded disbursement wallet, unregistered callback host): the payout was not executed, the provider is paused
     * with the reason, and the installment waits without spending an attempt. From a status query it means the
     * query could not be made — unless {@code referenceSpent}: the provider answered that it holds this reference as
     * failed for good for the account's sake (MTN's FAILED with NOT_ENOUGH_FUNDS), so the payout waits, its attempt
     * given back, under a new reference derived from the installment and the attempt.
     */
    record AccountFault(String code, String reason, boolean referenceSpent) implements PayoutOutcome {

        public AccountFault(String code, String reason) {
            this(code, reason, false);
        }

        public String kind() {
            return "account_fault";
        }
    }

    /**
     * The provider's answer disagrees with the payout (amount, currency, payee or reference): never believed; the
     * installment goes to a person with both values. Made by {@link PayoutCheck}, from the answer it replaces.
     */
    record Mismatch(List<Difference> differences, String claimed, String providerTransactionId) implements PayoutOutcome {

        public Mismatch {
            differences = List.copyOf(differences);
            if (differences.isEmpty()) {
                throw new IllegalArgumentException("a mismatch needs at least one difference");
            }
        }

        /** The fields that differ, e.g. {@code amount,payee}. */
        public String fields() {
            return differences.stream().map(Difference::field).collect(Collectors.joining(","));
        }

        /** Both values of each difference, e.g. {@code amount: payout BDT 2500.00, provider said BDT 10.00}. */
        public String explain() {
            return differences.stream().map(Difference::toString).collect(Collectors.joining("; "));
        }

        public String kind() {
            return "mismatch";
        }
    }

    /** One field of a provider's answer that disagrees with the payout (wallets masked). */
    record Difference(String field, String payout, String provider) {
        public Difference {
            Objects.requireNonNull(field);
        }

        @Override
        public String toString() {
            return field + ": payout " + payout + ", provider said " + provider;
        }
    }
}
