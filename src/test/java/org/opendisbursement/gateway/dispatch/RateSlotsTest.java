package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
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
        int threads = 4;
        int each = 250_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<long[]>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(() -> {
                    long[] taken = new long[each];
                    start.await();
                    for (int i = 0; i < each; i++) {
                        taken[i] = slots.take();
                    }
                    return taken;
                });
            }
            long[] all = new long[threads * each];
            int n = 0;
            for (Future<long[]> taken : pool.invokeAll(callers)) {
                for (long slot : taken.get()) {
                    all[n++] = slot;
                }
            }
            Arrays.sort(all);
            // n distinct slots from the first to the (n-1)th after it: each slot exactly once, none shared, none skipped
            assertThat(Arrays.stream(all).distinct().count()).as("no slot given to two callers").isEqualTo(all.length);
            assertThat(all[0]).isEqualTo(5 * SECOND);
            assertThat(all[all.length - 1]).as("no slot skipped").isEqualTo(5 * SECOND + (all.length - 1) * (SECOND / 1000));
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
