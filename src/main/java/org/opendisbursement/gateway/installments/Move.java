package org.opendisbursement.gateway.installments;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.ledger.LedgerAction;

/**
 * One decided change of an installment: applied only if it still stands in {@link #from()}, together with its ledger
 * entry (none when {@code from == to}: only the next attempt time changes). Built by name, never by position, so two
 * states or two texts in the wrong order do not compile:
 * {@code Move.of(id).from(SUBMITTED).to(CONFIRMED).transaction(trxId).action(PAYOUT_CONFIRMED).detail(…).build()}.
 */
public final class Move {

    /** What a move does to the installment's attempt count. */
    public enum Attempts {
        /** As it is. */
        KEEP,
        /** Counted afresh: a person asked for a retry. */
        RESET,
        /** Given back: the attempt was not the beneficiary's (a fault of the provider account). */
        REFUND
    }

    /** The installment leaves {@code retired} for good; from attempt {@code fromAttempt} it goes under {@code next}. */
    public record ReferenceChange(UUID retired, UUID next, int fromAttempt) {
    }

    private final long installmentId;
    private final InstallmentState from;
    private final InstallmentState to;
    private final Instant nextAttemptAt;
    private final String providerTransactionId;
    private final String failureCode;
    private final String reason;
    private final LedgerAction action;
    private final String detail;
    private final Attempts attempts;
    private final ReferenceChange referenceChange;
    private final Channel channel;

    private Move(Builder b) {
        this.installmentId = b.installmentId;
        this.from = Objects.requireNonNull(b.from, "from");
        this.to = Objects.requireNonNull(b.to, "to");
        this.nextAttemptAt = b.nextAttemptAt;
        this.providerTransactionId = b.providerTransactionId;
        this.failureCode = b.failureCode;
        this.reason = b.reason;
        this.action = Objects.requireNonNull(b.action, "action");
        this.detail = b.detail;
        this.attempts = b.attempts;
        this.referenceChange = b.referenceChange;
        this.channel = b.channel;
    }

    /** Starts a move of installment {@code installmentId}. */
    public static Builder of(long installmentId) {
        return new Builder(installmentId);
    }

    public long installmentId() {
        return installmentId;
    }

    public InstallmentState from() {
        return from;
    }

    public InstallmentState to() {
        return to;
    }

    /** When dispatch looks at it again (a retry, a status query), or null when final. */
    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    /** The provider's transaction id learnt with this move, or null (an earlier one is kept). */
    public String providerTransactionId() {
        return providerTransactionId;
    }

    public String failureCode() {
        return failureCode;
    }

    public String reason() {
        return reason;
    }

    /** The ledger action, e.g. {@code PAYOUT_CONFIRMED}. */
    public LedgerAction action() {
        return action;
    }

    /** The ledger entry's detail. */
    public String detail() {
        return detail;
    }

    public Attempts attempts() {
        return attempts;
    }

    /** The reference the next attempt goes under, or null to keep the current one. */
    public ReferenceChange referenceChange() {
        return referenceChange;
    }

    /** The channel the installment is paid through from now on, or null to keep it. */
    public Channel channel() {
        return channel;
    }

    public boolean changesState() {
        return from != to;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Move m && installmentId == m.installmentId && from == m.from && to == m.to
                && Objects.equals(nextAttemptAt, m.nextAttemptAt)
                && Objects.equals(providerTransactionId, m.providerTransactionId)
                && Objects.equals(failureCode, m.failureCode) && Objects.equals(reason, m.reason)
                && action.equals(m.action) && Objects.equals(detail, m.detail) && attempts == m.attempts
                && Objects.equals(referenceChange, m.referenceChange) && channel == m.channel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(installmentId, from, to, nextAttemptAt, action);
    }

    @Override
    public String toString() {
        return "Move[installment=" + installmentId + ", " + from + " → " + to + ", " + action + "]";
    }

    /** Names every part of a {@link Move}; {@code from}, {@code to} and {@code action} are required. */
    public static final class Builder {
        private final long installmentId;
        private InstallmentState from;
        private InstallmentState to;
        private Instant nextAttemptAt;
        private String providerTransactionId;
        private String failureCode;
        private String reason;
        private LedgerAction action;
        private Channel channel;
        private String detail;
        private Attempts attempts = Attempts.KEEP;
        private ReferenceChange referenceChange;

        private Builder(long installmentId) {
            this.installmentId = installmentId;
        }

        public Builder from(InstallmentState state) {
            this.from = state;
            return this;
        }

        public Builder to(InstallmentState state) {
            this.to = state;
            return this;
        }

        public Builder nextAttemptAt(Instant at) {
            this.nextAttemptAt = at;
            return this;
        }

        public Builder transaction(String providerTransactionId) {
            this.providerTransactionId = providerTransactionId;
            return this;
        }

        public Builder failureCode(String code) {
            this.failureCode = code;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** The installment is paid through {@code channel} from now on (a failed wallet payout switched to cash). */
        public Builder channel(Channel channel) {
            this.channel = channel;
            return this;
        }

        public Builder action(LedgerAction action) {
            this.action = action;
            return this;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public Builder attempts(Attempts attempts) {
            this.attempts = attempts == null ? Attempts.KEEP : attempts;
            return this;
        }

        public Builder referenceChange(ReferenceChange change) {
            this.referenceChange = change;
            return this;
        }

        public Move build() {
            return new Move(this);
        }
    }
}
