package org.opendisbursement.gateway.installments;

/**
 * The life of one installment. PLANNED on approval; READY once released (due, or released early); then dispatch
 * moves it to SUBMITTED before each provider call; UNKNOWN when the call may or may not have reached the provider
 * (a status query decides); PENDING while the provider finishes; then CONFIRMED, FAILED, MANUAL_REVIEW (a person
 * must look) or CANCELLED.
 */
public enum InstallmentState {
    PLANNED, READY, SUBMITTED, UNKNOWN, PENDING, CONFIRMED, FAILED, MANUAL_REVIEW, CANCELLED;

    public boolean isFinal() {
        return this == CONFIRMED || this == FAILED || this == CANCELLED;
    }
}
