package org.opendisbursement.gateway.intake;

/** The person who uploaded a list tried to approve it: a second person must. */
public class FourEyesViolationException extends RuntimeException {

    public FourEyesViolationException(String message) {
        super(message);
    }
}
