package org.opendisbursement.gateway.intake;

/**
 * Where a payment list stands: uploaded by the inbox and waiting for a finance maker to confirm it as hers; waiting
 * for its second pair of eyes; approved once of the two approvals a list above the two-checker total needs; approved
 * into a plan; or rejected.
 */
public enum ListStatus {
    AWAITING_MAKER, PENDING_APPROVAL, APPROVED_ONCE, APPROVED, REJECTED;

    /** Not yet approved nor rejected: a checker may still approve or reject it. */
    public boolean undecided() {
        return this == AWAITING_MAKER || this == PENDING_APPROVAL || this == APPROVED_ONCE;
    }
}
