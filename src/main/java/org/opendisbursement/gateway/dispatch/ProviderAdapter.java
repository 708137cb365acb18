package org.opendisbursement.gateway.dispatch;

import java.util.List;
import java.util.Optional;
import org.opendisbursement.gateway.intake.Channel;

/**
 * The one internal contract every provider adapter ({@code providers/<name>}) talks. Adapters speak their
 * provider's protocol over {@link ProviderHttp} and map every answer into a {@link PayoutOutcome}; they never throw for a
 * provider's answer or a network failure (those are outcomes), and they never touch the database.
 *
 * <p>Dispatch calls them through {@link ProviderCalls#send} and {@link ProviderCalls#query} (from the split of the
 * routes {@code dispatch.send} and {@code dispatch.check} in {@code routes/dispatch.yaml}), which add throttling,
 * the circuit breaker, metrics, the comparison of every answer with its payout ({@link PayoutCheck}) and the
 * automatic pause on an account fault around these methods.
 */
public interface ProviderAdapter {

    /** Lower-case provider name, as in {@code disbursement.providers.<name>}: bkash, nagad, mpesa, mtn. */
    String name();

    /** The list channel this provider pays. */
    Channel channel();

    /** Sends the payout under {@link PayoutRequest#reference()}. */
    PayoutOutcome send(PayoutRequest request);

    /** Asks the provider what became of the payout under {@link PayoutRequest#reference()}. */
    PayoutOutcome query(PayoutRequest request);

    /**
     * Before a batch of payouts goes out: a fault of the gateway's account that would refuse them all (bKash: the
     * disbursement wallet holds less than the batch needs), or empty when the batch may go. The batch is then held
     * (READY, attempts given back) and the provider paused. Most providers cannot tell in advance.
     */
    default Optional<PayoutOutcome.AccountFault> readyToPay(List<PayoutRequest> batch) {
        return Optional.empty();
    }

    /**
     * Gets ready to send at once: a provider with an access token has one granted (or still valid) before the payout
     * waits for its send slot, so that the payout leaves at its slot and not after a grant, bunched with the payouts
     * of the slots after it. A failure is the payout's to meet and report; here it is ignored.
     */
    default void prepare() {
    }

    /**
     * How many HTTP calls one payout may take at most (a token grant aside): dispatch leaves a claimed payout alone
     * for that many timeouts before a status query may ask after it. Nagad: handshake, payout and status.
     */
    default int callsPerPayout() {
        return 1;
    }
}
