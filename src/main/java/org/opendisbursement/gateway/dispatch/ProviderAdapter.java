package org.opendisbursement.gateway.dispatch;

import org.opendisbursement.gateway.intake.Channel;

/**
 * The one internal contract every provider adapter ({@code providers/<name>}) talks. Adapters speak their
 * provider's protocol over Camel HTTP and map every answer into a {@link PayoutOutcome}; they never throw for a
 * provider's answer or a network failure (those are outcomes), and they never touch the database.
 *
 * <p>Dispatch calls them through the routes {@code direct:provider.<name>.send} and
 * {@code direct:provider.<name>.query} (see {@link ProviderRoutes}), which add throttling, the circuit breaker and
 * metrics around these methods.
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
}
