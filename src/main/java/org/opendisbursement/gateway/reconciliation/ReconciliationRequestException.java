package org.opendisbursement.gateway.reconciliation;

import org.springframework.http.HttpStatus;

/** A reconciliation request the gateway cannot act on: the status says why (400, 404, 409), the message what to do. */
class ReconciliationRequestException extends RuntimeException {

    private final HttpStatus status;

    ReconciliationRequestException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
