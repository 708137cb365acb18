package org.opendisbursement.gateway.providers.bkash;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * What the bKash disbursement wallet holds, as last read from {@code organizationBalance}, less what was paid since:
 * so a run of small batches does not ask bKash before each one. A reading is trusted for {@code trustFor}; after a
 * shortfall it is forgotten, so the check after ops moved money in reads the wallet again.
 */
final class BkashBalance {

    /** Reads the available balance in minor units; empty when it could not be read. */
    @FunctionalInterface
    interface Reader {
        OptionalLong read();
    }

    private record Reading(long availableMinor, long atNanos, long spentAtReading) {
    }

    private final Duration trustFor;
    private final LongSupplier nanoTime;
    private final AtomicReference<Reading> last = new AtomicReference<>();
    private final AtomicLong spent = new AtomicLong();

    BkashBalance(Duration trustFor, LongSupplier nanoTime) {
        this.trustFor = trustFor;
        this.nanoTime = nanoTime;
    }

    /** What the wallet holds now, as far as the gateway knows; empty when bKash could not be asked. */
    OptionalLong available(Reader reader) {
        long now = nanoTime.getAsLong();
        Reading reading = last.get();
        if (reading == null || now - reading.atNanos() >= trustFor.toNanos()) {
            long spentBefore = spent.get();
            OptionalLong read = reader.read();
            if (read.isEmpty()) {
                return OptionalLong.empty();
            }
            reading = new Reading(read.getAsLong(), now, spentBefore);
            last.set(reading);
        }
        return OptionalLong.of(reading.availableMinor() - (spent.get() - reading.spentAtReading()));
    }

    /** A payout of {@code amountMinor} left the wallet. */
    void paid(long amountMinor) {
        spent.addAndGet(amountMinor);
    }

    /** Forgets the reading (after a shortfall: the next check asks bKash again). */
    void forget() {
        last.set(null);
    }
}
