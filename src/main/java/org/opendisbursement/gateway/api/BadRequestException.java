package org.opendisbursement.gateway.api;

/** A request the API cannot act on as sent; the message says what to send instead. */
class BadRequestException extends RuntimeException {

    BadRequestException(String message) {
        super(message);
    }
}
