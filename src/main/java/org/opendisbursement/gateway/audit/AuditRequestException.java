package org.opendisbursement.gateway.audit;

/** An auditor's request the gateway cannot answer as sent (a wrong filter); the message says what to send. */
class AuditRequestException extends RuntimeException {

    AuditRequestException(String message) {
        super(message);
    }
}
