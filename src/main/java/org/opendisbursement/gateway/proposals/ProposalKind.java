package org.opendisbursement.gateway.proposals;

/** The changes of money one finance user proposes and another approves. */
public enum ProposalKind {
    /** A FAILED wallet payout is paid in cash against a voucher instead (once its provider says it has not paid it). */
    SWITCH_TO_CASH,
    /** An unpaid voucher is void and a new one, valid afresh, is issued at another distribution point. */
    VOUCHER_REISSUE,
    /** An unpaid voucher is void and its installment CANCELLED: the beneficiary is not paid it. */
    VOUCHER_CANCEL,
    /** Every FAILED wallet payout of a list is sent again under its reference. */
    LIST_RETRY
}
