package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The provider account's rate limit and in-flight cap hold across instances: two claimers, each in its own thread
 * and transaction as two gateway instances would be, take one list's payouts from the same PostgreSQL through
 * {@link DispatchQueue#claimReady} (the provider's {@code provider_pace} row), wait for their slots and record the
 * answers. The provider would see no second with more than the rate plus one, and never more payouts in flight than
 * the cap; both claimers get work.
 */
@GatewayTest
class ProviderPaceTest {

    private static final String PROVIDER = "mtn";

    @LocalServerPort
    int port;

    @Autowired
    DispatchQueue queue;

    @Autowired
    Transitions transitions;

    @Autowired
    Moves moves;

    @Autowired
    ProvidersProperties providers;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    Clock clock;

    @Autowired
    ProviderGate gate;

    @Test
    void twoInstancesTogetherKeepToTheRateEvenlySpaced() throws Exception {
        int rate = 20;
        long listId = releasedMtnList(70);
        ProviderSettings settings = with(rate, 1000);
        List<Long> sends = Collections.synchronizedList(new ArrayList<>());

        List<Integer> taken = together(listId, () -> {
            int mine = 0;
            while (ready(listId) > 0) {
                DispatchQueue.Batch batch = claim(settings, 15);
                for (int i = 0; i < batch.claimed().size(); i++) {
                    long wait = batch.slotNanos(i) - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    sends.add(System.nanoTime()); // the provider call would start here
                }
                confirm(batch.claimed());
                mine += batch.claimed().size();
                if (batch.claimed().isEmpty()) {
                    TimeUnit.MILLISECONDS.sleep(5); // the window is the other instance's for now: look again soon
                }
            }
            return mine;
        });

        assertThat(taken).as("both instances got work").allMatch(n -> n > 0);
        assertThat(sends).hasSizeGreaterThanOrEqualTo(70);
        List<Long> sorted = new ArrayList<>(sends);
        Collections.sort(sorted);
        assertThat(busiestSecond(sorted)).as("sends in the busiest second, at %d/s", rate).isLessThanOrEqualTo(rate + 1);
        double seconds = (sorted.get(sorted.size() - 1) - sorted.get(0)) / 1e9;
        assertThat((sorted.size() - 1) / seconds).as("the rate kept to (evenly spaced, nothing lost between the two)")
                .isBetween(0.95 * rate, rate * 1.01);
    }

    @Test
    void twoInstancesTogetherNeverHaveMoreInFlightThanTheCap() throws Exception {
        int cap = 4;
        long listId = releasedMtnList(40);
        ProviderSettings settings = with(0, cap);
        AtomicInteger inCall = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService calls = Executors.newFixedThreadPool(16);
        try {
            List<Integer> taken = together(listId, () -> {
                int mine = 0;
                while (ready(listId) > 0) {
                    DispatchQueue.Batch batch = claim(settings, 10);
                    List<Future<?>> underway = new ArrayList<>();
                    for (Claimed claimed : batch.claimed()) {
                        underway.add(calls.submit(() -> {
                            most.accumulateAndGet(inCall.incrementAndGet(), Math::max);
                            TimeUnit.MILLISECONDS.sleep(40); // the provider call
                            inCall.decrementAndGet();
                            return null;
                        }));
                    }
                    for (Future<?> call : underway) {
                        call.get();
                    }
                    confirm(batch.claimed());
                    mine += batch.claimed().size();
                    // the other instance's turn (places freed), or the cap's places are the other's: look again soon
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                return mine;
            });

            assertThat(taken).as("both instances got work").allMatch(n -> n > 0);
            assertThat(most.get()).as("payouts in flight at once, both instances together").isBetween(2, cap);
        } finally {
            calls.shutdownNow();
        }
    }

    @Test
    void aPayoutThatMissedItsSlotTakesTheNextFreeOneInsteadOfGoingLate() throws Exception {
        long listId = releasedMtnList(2);
        ProviderSettings settings = with(20, 1000);

        DispatchQueue.Batch onTime = claim(settings, 1);
        assertThat(onTime.claimed()).hasSize(1);
        gate.scheduled(onTime);
        Instant paceBefore = nextSlot();
        gate.awaitSlot(onTime.claimed().get(0));
        assertThat(nextSlot()).as("a payout on time keeps its own slot").isEqualTo(paceBefore);

        DispatchQueue.Batch late = claim(settings, 1);
        assertThat(late.claimed()).hasSize(1);
        gate.scheduled(late);
        TimeUnit.MILLISECONDS.sleep(200); // four spacings at 20/s: the slot is gone
        Instant lateBefore = nextSlot();
        gate.awaitSlot(late.claimed().get(0));
        assertThat(nextSlot()).as("a late payout took a fresh slot from the shared pace").isAfter(lateBefore);

        confirm(List.of(onTime.claimed().get(0), late.claimed().get(0)));
        assertThat(ready(listId)).isZero();
    }

    @Test
    void aSlotPlacedOverASlowRoundTripHasLessRoomToBeLate() throws Exception {
        long listId = releasedMtnList(2);
        ProviderSettings settings = with(20, 1000);

        DispatchQueue.Batch claimed = claim(settings, 1);
        assertThat(claimed.mayBeLateNanos()).as("the claim's round trip to the database comes off the allowed lateness")
                .isLessThan(RateSlots.MAY_BE_LATE_NANOS).isPositive();

        // the same claim, had the database's answer taken longer to come back than the whole allowance: its slot may
        // be that much later on this instance's clock than on the database's, so even on time it is not kept
        DispatchQueue.Batch slow = claim(settings, 1);
        DispatchQueue.Batch noRoom = new DispatchQueue.Batch(slow.claimed(), System.nanoTime(), slow.spacingNanos(), -1);
        gate.scheduled(noRoom);
        Instant before = nextSlot();
        gate.awaitSlot(slow.claimed().get(0));
        assertThat(nextSlot()).as("it took a fresh slot from the shared pace").isAfter(before);

        confirm(List.of(claimed.claimed().get(0), slow.claimed().get(0)));
        assertThat(ready(listId)).isZero();
    }

    private Instant nextSlot() {
        return jdbc.queryForObject("SELECT next_slot FROM provider_pace WHERE provider = :p", Map.of("p", PROVIDER),
                java.time.OffsetDateTime.class).toInstant();
    }

    private long releasedMtnList(int payouts) {
        ListFile file = ListFile.of();
        for (int i = 1; i <= payouts; i++) {
            file.row("PACE-" + i + ",Amina Nakato,,MTN,+467" + ListFile.freshWallet().substring(3) + ",15,1,,");
        }
        return new Api(port).releasedList(file, "EUR");
    }

    /** Runs {@code claimer} in two threads started together (two instances), until the list has nothing READY left. */
    private List<Integer> together(long listId, Callable<Integer> claimer) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = instances.invokeAll(List.of(() -> {
                start.await();
                return claimer.call();
            }, () -> {
                start.await();
                return claimer.call();
            }), 60, TimeUnit.SECONDS);
            List<Integer> taken = new ArrayList<>();
            for (Future<Integer> result : results) {
                taken.add(result.get());
            }
            assertThat(ready(listId)).isZero();
            return taken;
        } finally {
            instances.shutdownNow();
        }
    }

    private DispatchQueue.Batch claim(ProviderSettings settings, int wanted) {
        Instant now = clock.instant();
        return queue.claimReady(PROVIDER, "MTN", wanted, settings, Duration.ofSeconds(1), now, now.plusSeconds(60));
    }

    private void confirm(List<Claimed> claimed) {
        Instant now = clock.instant();
        ProviderSettings settings = providers.require(PROVIDER);
        moves.apply(claimed.stream().map(c -> transitions.afterSend(c,
                new PayoutOutcome.Confirmed("PACE-" + c.installmentId()), now, settings)).toList(), "dispatch", now);
    }

    private long ready(long listId) {
        return jdbc.queryForObject("SELECT count(*) FROM installment WHERE list_id = :id AND state = 'READY'",
                Map.of("id", listId), Long.class);
    }

    private ProviderSettings with(double rate, int maxInFlight) {
        ProviderSettings s = providers.require(PROVIDER);
        return new ProviderSettings(s.enabled(), s.baseUrl(), s.credentials(), rate, maxInFlight, s.maxAttempts(),
                s.connectTimeout(), s.readTimeout(), s.initialBackoff(), s.maxBackoff(), s.pendingDeadline(),
                s.callbackSecret(), s.callbackAllowList(), s.callbackBaseUrl());
    }

    /** The most sends in any one-second window [t, t + 1 s) (nanoseconds, sorted). */
    private static int busiestSecond(List<Long> sortedNanos) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sortedNanos.size(); to++) {
            while (sortedNanos.get(to) - sortedNanos.get(from) >= 1_000_000_000L) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }
}
