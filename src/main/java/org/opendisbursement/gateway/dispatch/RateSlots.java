package org.opendisbursement.gateway.dispatch;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A provider's rate limit in one instance: evenly spaced slots at the provider's rate; each payout takes the next free
 * slot and waits for it. After an idle spell the next slot is now, so there is never a burst of more than one.
 */
final class RateSlots {

    private final long spacingNanos;
    private final LongSupplier nanoClock;
    private long nextSlot;

    RateSlots(double ratePerSecond) {
        this(ratePerSecond, System::nanoTime);
    }

    /** {@code nanoClock} reads like {@link System#nanoTime()} (tests pass their own). */
    RateSlots(double ratePerSecond, LongSupplier nanoClock) {
        this.spacingNanos = (long) (1e9 / ratePerSecond);
        this.nanoClock = nanoClock;
        this.nextSlot = nanoClock.getAsLong();
    }

    /** Takes the next free slot and returns when it is, on the nano clock (no waiting). */
    synchronized long take() {
        long slot = Math.max(nanoClock.getAsLong(), nextSlot);
        nextSlot = slot + spacingNanos;
        return slot;
    }

    /** Takes the next free slot and waits for it. */
    void await() throws InterruptedException {
        long wait = take() - nanoClock.getAsLong();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
