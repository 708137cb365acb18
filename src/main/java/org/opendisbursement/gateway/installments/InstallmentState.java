package org.opendisbursement.gateway.installments;

/**
 * The life of one installment. PLANNED on approval; READY once released (due, or released early); then dispatch
 * moves it through SUBMITTED and PENDING to CONFIRMED, or to FAILED, MANUAL_REVIEW or CANCELLED.
 */
public enum InstallmentState {
    PLANNED, READY, SUBMITTED, PENDING, CONFIRMED, FAILED, MANUAL_REVIEW, CANCELLED
}
