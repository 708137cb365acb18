package org.opendisbursement.gateway.dispatch;

import java.util.UUID;

/**
 * Where provider callbacks (M-Pesa ResultURL and QueueTimeOutURL, MTN's callback) hand what they learned. Applying
 * is idempotent: a repeated, late or out-of-order callback for an installment already final changes nothing.
 */
public interface PayoutCallbacks {

    enum Applied {
        /** The installment moved (and the ledger says so). */
        CHANGED,
        /** Nothing to do: already in that or a final state, or the outcome says nothing new. */
        UNCHANGED,
        /** No installment has this reference with this provider. */
        UNKNOWN_REFERENCE
    }

    Applied apply(String provider, UUID reference, PayoutOutcome outcome);
}
