package org.opendisbursement.gateway.intake;

/** No payment list (or no such installment of it) exists. */
public class ListNotFoundException extends RuntimeException {

    public ListNotFoundException(String message) {
        super(message);
    }
}
