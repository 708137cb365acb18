package org.opendisbursement.gateway.dispatch;

import java.time.Instant;
import org.opendisbursement.gateway.installments.InstallmentState;

/** An installment dispatch has taken for one provider call: where it stood, and the request to make. */
public record Claimed(String provider, InstallmentState state, int attempts, int checks, Instant submittedAt,
                      PayoutRequest request) {

    public long installmentId() {
        return request.installmentId();
    }
}
