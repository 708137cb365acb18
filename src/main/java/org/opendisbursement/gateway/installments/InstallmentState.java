package org.opendisbursement.gateway.installments;

/**
 * The life of one installment. PLANNED on approval; READY once released (due, or released early); then dispatch
 * moves it to SUBMITTED before each provider call; UNKNOWN when the call may or may not have reached the provider
 * (a status query decides); PENDING while the provider finishes; then CONFIRMED, FAILED, MANUAL_REVIEW (a person
 * must look) or CANCELLED. A cash installment waits PENDING for its voucher to be redeemed (CONFIRMED) or to run out
 * (EXPIRED).
 */
public enum InstallmentState {
    PLANNED, READY, SUBMITTED, UNKNOWN, PENDING, CONFIRMED, FAILED, MANUAL_REVIEW, CANCELLED, EXPIRED;

    public boolean isFinal() {
        return this == CONFIRMED || this == FAILED || this == CANCELLED || this == EXPIRED;
    }
}
