package org.opendisbursement.gateway.reconciliation;

/** The same statement (same bytes) was already reconciled for this provider. */
public class DuplicateStatementException extends RuntimeException {

    private final long earlierId;

    DuplicateStatementException(long earlierId) {
        super("this statement was already reconciled as reconciliation " + earlierId);
        this.earlierId = earlierId;
    }

    public long earlierId() {
        return earlierId;
    }
}
