package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-instance rate limit, on a clock the test moves: evenly spaced slots, no burst after an idle spell. */
class RateSlotsTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(5 * SECOND);

    @Test
    void consecutiveSlotsAreOneOverTheRateApart() {
        RateSlots slots = new RateSlots(4, now::get);

        assertThat(slots.take()).as("the first slot is now").isEqualTo(5 * SECOND);
        assertThat(slots.take()).isEqualTo(5 * SECOND + SECOND / 4);
        assertThat(slots.take()).isEqualTo(5 * SECOND + 2 * SECOND / 4);
        now.addAndGet(SECOND / 8);
        assertThat(slots.take()).as("still behind: the next free slot, not now").isEqualTo(5 * SECOND + 3 * SECOND / 4);
    }

    @Test
    void aFractionalRateSpacesSlotsByItsReciprocal() {
        RateSlots slots = new RateSlots(0.5, now::get);

        long first = slots.take();
        assertThat(slots.take() - first).isEqualTo(2 * SECOND);
    }

    @Test
    void afterAnIdleSpellOnlyOneSlotIsFreeNow() {
        RateSlots slots = new RateSlots(10, now::get);
        slots.take();
        slots.take();

        now.addAndGet(60 * SECOND);
        long idleUntil = now.get();

        assertThat(slots.take()).as("the unused slots of the idle minute are not saved up").isEqualTo(idleUntil);
        assertThat(slots.take()).isEqualTo(idleUntil + SECOND / 10);
        assertThat(slots.take()).isEqualTo(idleUntil + 2 * SECOND / 10);
    }

    @Test
    void concurrentCallersEachGetTheirOwnSlot() throws Exception {
        RateSlots slots = new RateSlots(1000, now::get);
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<Long>>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(() -> {
                    List<Long> taken = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        taken.add(slots.take());
                    }
                    return taken;
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> taken : pool.invokeAll(callers)) {
                all.addAll(taken.get());
            }
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < threads * each; i++) {
                expected.add(5 * SECOND + i * (SECOND / 1000));
            }
            assertThat(all).as("every slot once, none shared, none skipped").containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void awaitReturnsNoSoonerThanItsSlot() throws Exception {
        RateSlots slots = new RateSlots(20, System::nanoTime);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            slots.await();
        }
        assertThat(System.nanoTime() - start).as("five slots at 20/s: the fifth is 200 ms after the first")
                .isGreaterThanOrEqualTo(4 * SECOND / 20);
    }
}
