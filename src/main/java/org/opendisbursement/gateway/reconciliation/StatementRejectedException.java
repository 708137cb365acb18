package org.opendisbursement.gateway.reconciliation;

import java.util.List;

/** The statement has lines the gateway cannot read; nothing of it was stored. */
public class StatementRejectedException extends RuntimeException {

    private final List<StatementError> errors;

    StatementRejectedException(String message, List<StatementError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<StatementError> errors() {
        return errors;
    }
}
