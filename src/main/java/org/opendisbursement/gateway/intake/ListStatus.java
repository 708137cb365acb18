package org.opendisbursement.gateway.intake;

/** Where a payment list stands: waiting for its second pair of eyes, approved into a plan, or rejected. */
public enum ListStatus {
    PENDING_APPROVAL, APPROVED, REJECTED
}
