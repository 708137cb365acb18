package org.opendisbursement.mock;

import java.time.Instant;
import java.util.Objects;

/**
 * A payout request the mock accepted under its reference. Its status only moves forward
 * (PENDING to COMPLETED or FAILED), and it is executed at most once.
 */
public final class Transfer {

    private final String provider;
    private final String reference;
    private final String amount;
    private final String currency;
    private final String wallet;
    private final String providerTransactionId;
    private final Scenario scenario;
    private final Instant acceptedAt;
    private final Object details;

    private TransferStatus status = TransferStatus.PENDING;
    private String failureCode;
    private Instant executedAt;

    /**
     * @param details provider-specific request data the answers need later (callback URL, ids...)
     */
    public Transfer(String provider, String reference, String amount, String currency, String wallet,
                    String providerTransactionId, Scenario scenario, Instant acceptedAt, Object details) {
        this.provider = Objects.requireNonNull(provider);
        this.reference = Objects.requireNonNull(reference);
        this.amount = amount;
        this.currency = currency;
        this.wallet = wallet;
        this.providerTransactionId = providerTransactionId;
        this.scenario = Objects.requireNonNull(scenario);
        this.acceptedAt = Objects.requireNonNull(acceptedAt);
        this.details = details;
    }

    /** Executes the transfer; true only for the call that moved it from PENDING to COMPLETED. */
    public synchronized boolean complete(Instant now) {
        if (status != TransferStatus.PENDING) {
            return false;
        }
        status = TransferStatus.COMPLETED;
        executedAt = now;
        return true;
    }

    /** Fails the transfer with the provider's code; true only if it was still PENDING. */
    public synchronized boolean fail(String code) {
        if (status != TransferStatus.PENDING) {
            return false;
        }
        status = TransferStatus.FAILED;
        failureCode = code;
        return true;
    }

    /**
     * Called after a status query was answered: a pending-then-success transfer completes once its
     * pending state has been reported. True when this call completed it.
     */
    public boolean advanceAfterStatusQuery(Instant now) {
        return scenario.is(Scenario.Kind.PENDING_THEN_SUCCESS) && complete(now);
    }

    /** Status, failure code and execution time, read together. */
    public record Snapshot(TransferStatus status, String failureCode, Instant executedAt) {
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(status, failureCode, executedAt);
    }

    public synchronized TransferStatus status() {
        return status;
    }

    public synchronized String failureCode() {
        return failureCode;
    }

    public synchronized Instant executedAt() {
        return executedAt;
    }

    public synchronized ExecutedPayout asExecuted() {
        if (executedAt == null) {
            throw new IllegalStateException("transfer " + reference + " was not executed");
        }
        return new ExecutedPayout(provider, reference, amount, currency, wallet, providerTransactionId, executedAt);
    }

    public <T> T details(Class<T> type) {
        return type.cast(details);
    }

    public String provider() {
        return provider;
    }

    public String reference() {
        return reference;
    }

    public String amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public String wallet() {
        return wallet;
    }

    public String providerTransactionId() {
        return providerTransactionId;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Instant acceptedAt() {
        return acceptedAt;
    }
}
