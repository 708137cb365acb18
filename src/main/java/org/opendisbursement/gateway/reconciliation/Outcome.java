package org.opendisbursement.gateway.reconciliation;

/**
 * What matching found for one statement line or one confirmed installment. Everything but MATCHED is a difference
 * and is flagged for review.
 */
enum Outcome {
    /** Statement and ledger agree on the reference, the amount and whether it was paid. */
    MATCHED,
    /** Both say paid, for different amounts (or currencies). */
    AMOUNT_MISMATCH,
    /** They disagree on whether it was paid (or the installment now pays by another channel). */
    STATUS_MISMATCH,
    /** The statement names a reference the ledger does not know. */
    MISSING_FROM_LEDGER,
    /** The ledger confirmed a payout of this provider in the statement's period that the statement does not list. */
    MISSING_FROM_STATEMENT,
    /** A reference on a second line of the same statement: the provider may have paid twice. */
    DUPLICATE_IN_STATEMENT;

    boolean flagged() {
        return this != MATCHED;
    }
}
