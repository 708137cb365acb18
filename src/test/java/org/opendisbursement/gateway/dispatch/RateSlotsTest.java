package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slot arithmetic of a provider's shared pace (GCRA, microseconds), with no database and no Spring: evenly spaced
 * slots, none saved up over an idle spell, never more than a window ahead, and no second holding more than the rate
 * (plus one) however the claims fall.
 */
class RateSlotsTest {

    private static final long SECOND = 1_000_000L;
    private static final long NOW = 1_700_000_000L * SECOND;

    @Test
    void consecutiveSlotsAreOneSpacingApart() {
        RateSlots slots = new RateSlots(SECOND / 4, SECOND);

        long first = slots.first(NOW - 10 * SECOND, NOW);
        assertThat(first).as("an idle provider's first slot is now").isEqualTo(NOW);
        assertThat(slots.slot(first, 1)).isEqualTo(NOW + SECOND / 4);
        assertThat(slots.slot(first, 3)).isEqualTo(NOW + 3 * SECOND / 4);
        assertThat(slots.nextSlot(first, 4)).isEqualTo(NOW + SECOND);
    }

    @Test
    void slotsArePacedTheHeadroomBelowTheRateRoundedUp() {
        assertThat(RateSlots.of(0.5, Duration.ofSeconds(1)).spacingMicros()).isEqualTo(2_083_334);
        assertThat(RateSlots.of(3, Duration.ofSeconds(1)).spacingMicros()).as("never faster than 96 % of the rate")
                .isEqualTo(347_223);
        assertThat(RateSlots.of(500, Duration.ofSeconds(1)).spacingMicros()).isEqualTo(2_084);
        assertThat(RateSlots.MAY_BE_LATE_NANOS).isEqualTo(41_666_666);
    }

    @Test
    void aClaimTakesOnlyTheSlotsWithinTheWindow() {
        RateSlots slots = RateSlots.of(10, Duration.ofSeconds(1));

        assertThat(slots.room(NOW - SECOND, NOW)).as("idle: one window's worth").isEqualTo(10);
        assertThat(slots.room(NOW + SECOND / 2, NOW)).as("half the window taken").isEqualTo(5);
        assertThat(slots.room(NOW + SECOND, NOW)).as("the window is full").isZero();
        assertThat(slots.room(NOW + 5 * SECOND, NOW)).isZero();
        assertThat(RateSlots.of(0.5, Duration.ofSeconds(1)).room(NOW - SECOND, NOW))
                .as("a slot further apart than the window: still one when idle").isEqualTo(1);
    }

    @Test
    void afterAnIdleSpellNothingIsSavedUp() {
        RateSlots slots = RateSlots.of(10, Duration.ofSeconds(1));
        long next = slots.nextSlot(slots.first(NOW, NOW), 2);

        long later = NOW + 60 * SECOND;
        assertThat(slots.first(next, later)).as("the unused slots of the idle minute are gone").isEqualTo(later);
        assertThat(slots.room(next, later)).isEqualTo(10);
    }

    @Test
    void slotsStillAheadAreWaitingNotInFlight() {
        RateSlots slots = new RateSlots(SECOND / 100, SECOND);

        assertThat(slots.waiting(NOW - SECOND, NOW)).isZero();
        assertThat(slots.waiting(NOW, NOW)).isZero();
        assertThat(slots.waiting(NOW + SECOND / 2, NOW)).isEqualTo(50);
        assertThat(slots.waiting(NOW + 1, NOW)).isEqualTo(1);
    }

    @Test
    void noSecondHoldsMoreThanTheRatePlusOneHoweverTheClaimsFall() {
        double rate = 40;
        RateSlots slots = RateSlots.of(rate, Duration.ofSeconds(1));
        long next = NOW - SECOND;
        long now = NOW;
        List<Long> sends = new ArrayList<>();
        java.util.Random random = new java.util.Random(15);
        // claims of random sizes at random moments over a minute, as several instances would make them
        while (now < NOW + 60 * SECOND) {
            int wanted = 1 + random.nextInt(60);
            int n = Math.min(wanted, slots.room(next, now));
            long first = slots.first(next, now);
            for (int i = 0; i < n; i++) {
                sends.add(slots.slot(first, i));
            }
            next = slots.nextSlot(first, n);
            now += random.nextInt(400_000);
        }
        assertThat(busiestSecond(sends)).isLessThanOrEqualTo((int) rate + 1);
        long last = sends.get(sends.size() - 1);
        assertThat(sends.size() / ((last - NOW) / (double) SECOND)).as("the long-run rate").isGreaterThan(0.95 * rate);
    }

    @Test
    void payoutsLeavingUpToTheirAllowedLatenessStillKeepEverySecondToTheRatePlusOne() {
        for (double rate : new double[] {5, 40, 500}) {
            RateSlots slots = RateSlots.of(rate, Duration.ofSeconds(1));
            long late = RateSlots.MAY_BE_LATE_NANOS / 1000;
            List<Long> sends = new ArrayList<>();
            long first = slots.first(NOW, NOW);
            int n = (int) (30 * rate);
            for (int i = 0; i < n; i++) {
                // the worst case: some payouts leave as late as allowed, the ones after them exactly on time
                long slot = slots.slot(first, i);
                sends.add(i % 7 < 3 ? slot + late : slot);
            }
            sends.sort(null);
            assertThat(busiestSecond(sends)).as("busiest second at %s/s", rate).isLessThanOrEqualTo((int) rate + 1);
            double seconds = (slots.slot(first, n - 1) - NOW) / (double) SECOND;
            assertThat((n - 1) / seconds).as("long-run rate at %s/s", rate).isGreaterThanOrEqualTo(0.95 * rate);
        }
    }

    @Test
    void refusesNoRateOrNoWindow() {
        assertThatThrownBy(() -> RateSlots.of(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateSlots.of(5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The most sends in any one-second window [t, t + 1 s) (sends sorted). */
    static int busiestSecond(List<Long> sortedMicros) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sortedMicros.size(); to++) {
            while (sortedMicros.get(to) - sortedMicros.get(from) >= SECOND) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    @Test
    void theRoundTripThatReadTheDatabaseClockComesOffTheAllowedLateness() {
        long asked = 1_000_000_000L;
        var quick = new DispatchQueue.Pace(0, 0, asked + 2_000_000, asked);
        assertThat(quick.mayBeLateNanos()).isEqualTo(RateSlots.MAY_BE_LATE_NANOS - 2_000_000);
        var slow = new DispatchQueue.Pace(0, 0, asked + 50_000_000, asked);
        assertThat(slow.mayBeLateNanos()).as("a round trip longer than the allowance leaves none").isNegative();
    }
}
