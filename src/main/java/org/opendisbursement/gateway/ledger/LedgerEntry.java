package org.opendisbursement.gateway.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the append-only ledger: who did what, when, to which list or installment, for how much, and the
 * state it moved from and to. Written in the same transaction as the change it records. Built by name, never by
 * position: {@code LedgerEntry.at(now).by(actor).action(LIST_APPROVED).list(id).amount(minor, "BDT").build()}.
 */
public final class LedgerEntry {

    private final Instant occurredAt;
    private final String actor;
    private final LedgerAction action;
    private final Long listId;
    private final Long installmentId;
    private final String beneficiaryId;
    private final Long amountMinor;
    private final String currency;
    private final String fromState;
    private final String toState;
    private final String reference;
    private final String detail;

    private LedgerEntry(Builder b) {
        this.occurredAt = Objects.requireNonNull(b.occurredAt, "occurredAt");
        this.actor = Objects.requireNonNull(b.actor, "actor");
        this.action = Objects.requireNonNull(b.action, "action");
        this.listId = b.listId;
        this.installmentId = b.installmentId;
        this.beneficiaryId = b.beneficiaryId;
        this.amountMinor = b.amountMinor;
        this.currency = b.currency;
        this.fromState = b.fromState;
        this.toState = b.toState;
        this.reference = b.reference;
        this.detail = b.detail;
    }

    /** Starts an entry of something that happened at {@code occurredAt}. */
    public static Builder at(Instant occurredAt) {
        return new Builder(occurredAt);
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String actor() {
        return actor;
    }

    public LedgerAction action() {
        return action;
    }

    public Long listId() {
        return listId;
    }

    public Long installmentId() {
        return installmentId;
    }

    public String beneficiaryId() {
        return beneficiaryId;
    }

    public Long amountMinor() {
        return amountMinor;
    }

    public String currency() {
        return currency;
    }

    public String fromState() {
        return fromState;
    }

    public String toState() {
        return toState;
    }

    public String reference() {
        return reference;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return "LedgerEntry[" + action + " by " + actor + " at " + occurredAt + "]";
    }

    /** Names every part of a {@link LedgerEntry}; the time, the actor and the action are required. */
    public static final class Builder {
        private final Instant occurredAt;
        private String actor;
        private LedgerAction action;
        private Long listId;
        private Long installmentId;
        private String beneficiaryId;
        private Long amountMinor;
        private String currency;
        private String fromState;
        private String toState;
        private String reference;
        private String detail;

        private Builder(Instant occurredAt) {
            this.occurredAt = occurredAt;
        }

        public Builder by(String actor) {
            this.actor = actor;
            return this;
        }

        public Builder action(LedgerAction action) {
            this.action = action;
            return this;
        }

        public Builder list(Long listId) {
            this.listId = listId;
            return this;
        }

        public Builder installment(Long installmentId) {
            this.installmentId = installmentId;
            return this;
        }

        public Builder beneficiary(String beneficiaryId) {
            this.beneficiaryId = beneficiaryId;
            return this;
        }

        /** An amount in minor units of {@code currency} (either may be null: a list's currency without a sum). */
        public Builder amount(Long amountMinor, String currency) {
            this.amountMinor = amountMinor;
            this.currency = currency;
            return this;
        }

        public Builder from(String state) {
            this.fromState = state;
            return this;
        }

        public Builder to(String state) {
            this.toState = state;
            return this;
        }

        public Builder reference(String reference) {
            this.reference = reference;
            return this;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public LedgerEntry build() {
            return new LedgerEntry(this);
        }
    }
}
