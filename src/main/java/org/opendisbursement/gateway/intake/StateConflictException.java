package org.opendisbursement.gateway.intake;

/** The action does not fit the current state (approving an approved list, releasing a released installment). */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String message) {
        super(message);
    }
}
