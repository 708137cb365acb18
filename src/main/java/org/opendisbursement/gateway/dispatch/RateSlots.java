package org.opendisbursement.gateway.dispatch;

import java.time.Duration;

/**
 * A provider's rate limit as slot arithmetic (GCRA), on a clock in microseconds; the state, the provider's next free
 * slot, is kept in {@code provider_pace} and shared by every instance ({@link DispatchQueue#claimReady}). A claim of
 * {@code n} payouts takes the slots {@code first, first + spacing, …} from {@code first = max(nextSlot, now)} and moves
 * the next free slot past them; it takes only the slots that begin within {@code window} of now, so a crashed instance
 * leaves at most one window of unused slots behind. After an idle spell the first slot is now: no burst is saved up.
 *
 * <p>The slots are paced {@link #HEADROOM} below the limit, and a payout may leave up to {@link #MAY_BE_LATE_NANOS} after
 * its slot (a thread wakes late, a machine is busy, a collector pauses): the slots of any second plus that lateness
 * then still hold no more than the limit, plus one, so the provider never sees more in any one second. A payout later
 * than that takes a fresh slot ({@link ProviderGate#awaitSlot}). The long-run rate is the limit less the headroom.
 *
 * @param spacingMicros one over the paced rate, rounded up
 * @param windowMicros how far ahead of now slots may be taken
 */
record RateSlots(long spacingMicros, long windowMicros) {

    /** How far below the limit the slots are paced: the room a late payout uses. */
    static final double HEADROOM = 0.04;

    /**
     * How late after its slot a payout may still leave: with slots at (1 − h) of the limit, the slots within any
     * second and this much before it number at most (1 − h)(1 + h / (1 − h)) = 1 times the limit, plus one.
     */
    static final long MAY_BE_LATE_NANOS = (long) (1e9 * HEADROOM / (1 - HEADROOM));

    RateSlots {
        if (spacingMicros <= 0 || windowMicros <= 0) {
            throw new IllegalArgumentException("spacing and window must be positive");
        }
    }

    static RateSlots of(double ratePerSecond, Duration window) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("a rate limit needs a positive rate");
        }
        return new RateSlots((long) Math.ceil(1_000_000d / (ratePerSecond * (1 - HEADROOM))), window.toNanos() / 1000);
    }

    /** The first slot a claim at {@code now} gets. */
    long first(long nextSlot, long now) {
        return Math.max(nextSlot, now);
    }

    /** How many slots a claim at {@code now} may take: those beginning before {@code now + window} (at least one when idle: the window is positive). */
    int room(long nextSlot, long now) {
        long first = first(nextSlot, now);
        long left = now + windowMicros - first;
        if (left <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (left + spacingMicros - 1) / spacingMicros);
    }

    /** The {@code i}-th slot (from 0) of a claim whose first slot is {@code first}. */
    long slot(long first, int i) {
        return first + i * spacingMicros;
    }

    /** The next free slot once {@code taken} slots from {@code first} are taken. */
    long nextSlot(long first, int taken) {
        return first + taken * spacingMicros;
    }

    /** Slots taken but still ahead of {@code now}: payouts claimed and waiting for their slot, not yet at the provider. */
    int waiting(long nextSlot, long now) {
        long ahead = nextSlot - now;
        return ahead <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (ahead + spacingMicros - 1) / spacingMicros);
    }
}
