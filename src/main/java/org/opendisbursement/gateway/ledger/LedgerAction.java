package org.opendisbursement.gateway.ledger;

/**
 * Every kind of ledger entry there is. PostgreSQL holds the same list as the {@code ledger_entry_action_known} CHECK
 * constraint (migrations V8, V9, V11), and {@code LedgerActionsTest} keeps the two equal: a new action is added to both, in a
 * new migration.
 */
public enum LedgerAction {
    // a payment list
    LIST_UPLOADED, LIST_REJECTED, LIST_APPROVED, BENEFICIARY_PLANNED,
    // an installment falls due
    INSTALLMENT_RELEASED, INSTALLMENT_RELEASED_EARLY,
    // a wallet payout (dispatch, callbacks, people settling it)
    PAYOUT_SUBMITTED, PAYOUT_PENDING, PAYOUT_UNKNOWN, PAYOUT_STILL_OPEN, PAYOUT_CONFIRMED, PAYOUT_REJECTED,
    PAYOUT_FAILED, PAYOUT_NOT_RECEIVED, PAYOUT_RETRY_SCHEDULED, PAYOUT_RETRY_REQUESTED, PAYOUT_DUPLICATE_REFERENCE,
    PAYOUT_HELD_PROVIDER_FAULT, PAYOUT_MANUAL_REVIEW, PAYOUT_MISMATCH, PAYOUT_SETTLED_PAID, PAYOUT_SETTLED_NOT_PAID,
    SWITCHED_TO_CASH,
    // cash by hand
    VOUCHER_ISSUED, VOUCHER_PRINTED, VOUCHER_REPRINTED, VOUCHER_REDEEMED, VOUCHER_CANCELLED, VOUCHER_REISSUED,
    VOUCHER_EXPIRED, VOUCHER_USER_LOCKED_OUT,
    // a provider account
    PROVIDER_PAUSED, PROVIDER_RESUMED,
    // provider statements
    RECONCILIATION_IMPORTED, RECONCILIATION_FLAGGED, RECONCILIATION_RESOLVED,
    // answers that settle nothing by themselves: a wallet payout reported paid after a switch to cash (a possible
    // second payment), a callback about an installment never sent
    PAYOUT_PAID_AFTER_SWITCH, CALLBACK_FLAGGED,
    // four eyes: a finance maker confirms a list the inbox uploaded; V11 held the inbox lists waiting for approval
    // until one does; the first of two checkers approves a list above the two-checker total
    LIST_CONFIRMED, LIST_HELD_FOR_MAKER, LIST_APPROVED_ONCE,
    // a change of money one finance user proposes and another approves or rejects (proposals.Proposals); an open
    // proposal lapses after a while (EXPIRED); FAILED when carrying out the approved change was refused
    CHANGE_PROPOSED, CHANGE_APPROVED, CHANGE_REJECTED, CHANGE_EXPIRED, CHANGE_FAILED
}
