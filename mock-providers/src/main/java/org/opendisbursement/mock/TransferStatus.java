package org.opendisbursement.mock;

/** Provider-neutral state of a transfer the mock accepted. */
public enum TransferStatus {
    PENDING,
    COMPLETED,
    FAILED
}
