package org.opendisbursement.gateway.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendisbursement.gateway.installments.InstallmentQueue;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dispatch's view of {@link InstallmentQueue} (which owns the installment SQL): installments taken for one provider
 * call, as the {@link Claimed} payouts the adapters and {@link Transitions} work with; and the provider's pace
 * ({@code provider_pace}, owned here), which makes its rate limit and in-flight cap hold across every instance.
 */
@Component
class DispatchQueue {

    private static final String LOCK_PACE = """
            SELECT next_slot, clock_timestamp() AS db_now FROM provider_pace WHERE provider = :provider FOR UPDATE
            """;
    private static final String ADD_PACE = """
            INSERT INTO provider_pace (provider, next_slot) VALUES (:provider, clock_timestamp())
            ON CONFLICT (provider) DO NOTHING
            """;
    private static final String MOVE_PACE = "UPDATE provider_pace SET next_slot = :nextSlot WHERE provider = :provider";
    private static final String NEXT_PACE = """
            UPDATE provider_pace SET next_slot = greatest(next_slot, clock_timestamp()) + :spacing * interval '1 microsecond'
            WHERE provider = :provider
            RETURNING next_slot, clock_timestamp() AS db_now
            """;

    private final InstallmentQueue installments;
    private final NamedParameterJdbcTemplate jdbc;

    DispatchQueue(InstallmentQueue installments, NamedParameterJdbcTemplate jdbc) {
        this.installments = installments;
        this.jdbc = jdbc;
    }

    /**
     * Payouts claimed for one provider, and when each may be sent: the {@code i}-th at {@code firstSlotNanos + i ×
     * spacingNanos} on {@link System#nanoTime()} (every one at once without a rate limit), and at most
     * {@code mayBeLateNanos} after that ({@link Pace#mayBeLateNanos}).
     */
    record Batch(List<Claimed> claimed, long firstSlotNanos, long spacingNanos, long mayBeLateNanos) {
        static final Batch NONE = new Batch(List.of(), 0, 0, 0);

        long slotNanos(int i) {
            return firstSlotNanos + i * spacingNanos;
        }
    }

    /** One slot on {@link System#nanoTime()}, and how late after it the payout may still leave. */
    record SlotTime(long atNanos, long mayBeLateNanos) {
    }

    /**
     * READY → SUBMITTED for up to {@code wanted} installments, under the provider's pace shared by every instance: the
     * {@code provider_pace} row is locked for the transaction, so two instances take turns; the provider's payouts
     * already in flight (SUBMITTED under a live lease, less those still waiting for their slot) count against
     * {@code maxInFlight}; with a rate limit only the slots within {@code window} are taken, each payout gets its own
     * and the next free slot moves past them. A status query is due at {@code checkAt} should no answer be recorded.
     */
    @Transactional
    public Batch claimReady(String provider, String channel, int wanted, ProviderSettings settings, Duration window,
                            Instant now, Instant checkAt) {
        Map<String, Object> key = Map.of("provider", provider);
        Pace pace = lockPace(key).orElseGet(() -> {
            jdbc.update(ADD_PACE, key);
            return lockPace(key).orElseThrow();
        });
        long nowMicros = pace.dbNowMicros();
        long nextSlot = pace.nextSlotMicros();
        long localNanos = pace.localNanos();
        long mayBeLate = pace.mayBeLateNanos();
        RateSlots slots = settings.ratePerSecond() > 0 ? RateSlots.of(settings.ratePerSecond(), window) : null;
        int waiting = slots == null ? 0 : slots.waiting(nextSlot, nowMicros);
        long inFlight = Math.max(0, installments.countSubmittedUnderLease(channel, now) - waiting);
        long limit = Math.min(wanted, settings.maxInFlight() - inFlight);
        if (slots != null) {
            limit = Math.min(limit, slots.room(nextSlot, nowMicros));
        }
        if (limit <= 0) {
            return Batch.NONE;
        }
        List<Claimed> claimed = installments.claimReady(provider, channel, (int) limit, now, checkAt).stream()
                .map(taken -> claimed(provider, taken)).toList();
        if (slots == null || claimed.isEmpty()) {
            return new Batch(claimed, localNanos, 0, mayBeLate);
        }
        long first = slots.first(nextSlot, nowMicros);
        jdbc.update(MOVE_PACE, new MapSqlParameterSource("provider", provider)
                .addValue("nextSlot", OffsetDateTime.ofInstant(micros(slots.nextSlot(first, claimed.size())),
                        java.time.ZoneOffset.UTC)));
        // the database's clock gave the slots; this instance waits for them on its own, from when it read that clock
        return new Batch(claimed, localNanos + (first - nowMicros) * 1000, slots.spacingMicros() * 1000, mayBeLate);
    }

    /**
     * One fresh slot in {@code provider}'s pace, for a payout that missed its own ({@link ProviderGate#awaitSlot}): the
     * next free one (now, if the provider is idle), and the pace moves past it, as a claim of one would. Returns it on
     * {@link System#nanoTime()}.
     */
    SlotTime nextSlot(String provider, long spacingMicros) {
        long asked = System.nanoTime();
        Pace pace = jdbc.query(NEXT_PACE, new MapSqlParameterSource("provider", provider).addValue("spacing", spacingMicros),
                (ResultSetExtractor<Optional<Pace>>) rs -> pace(rs, asked))
                .orElseThrow(() -> new IllegalStateException("no pace row for provider " + provider));
        return new SlotTime(pace.localNanos() + (pace.nextSlotMicros() - spacingMicros - pace.dbNowMicros()) * 1000,
                pace.mayBeLateNanos());
    }

    /**
     * Leases up to {@code limit} installments awaiting an answer until {@code leaseUntil}, for a status query; never one
     * of {@code underway} (its payout call is still under way in this instance).
     */
    public List<Claimed> claimAwaiting(String provider, String channel, int limit, Instant now, Instant leaseUntil,
                                       Long[] underway) {
        return installments.leaseAwaiting(channel, limit, now, leaseUntil, underway).stream()
                .map(taken -> claimed(provider, taken)).toList();
    }

    /** When the earliest READY (or, {@code awaiting}, the earliest SUBMITTED, UNKNOWN or PENDING) payout of these channels is due. */
    Optional<Instant> earliestDue(List<String> channels, boolean awaiting) {
        return channels.isEmpty() ? Optional.empty() : installments.earliestDue(channels.toArray(String[]::new), awaiting);
    }

    /**
     * The pace row's next slot and the database's clock, with this instance's clock when the answer was read
     * ({@code localNanos}) and when the statement was sent ({@code askedNanos}). The database read its clock somewhere
     * between the two, so a slot placed on this instance's clock from {@code localNanos} is never early, but may be up
     * to that round trip late, on top of any lateness in leaving.
     */
    record Pace(long nextSlotMicros, long dbNowMicros, long localNanos, long askedNanos) {

        /**
         * How late after its slot (as placed from {@code localNanos}) a payout may leave:
         * {@link RateSlots#MAY_BE_LATE_NANOS} less the round trip, so that it leaves within that lateness of its slot
         * on the database's clock, the one every instance shares. A round trip longer than the whole allowance leaves
         * none: the payout takes a fresh slot when it comes to leave.
         */
        long mayBeLateNanos() {
            return RateSlots.MAY_BE_LATE_NANOS - (localNanos - askedNanos);
        }
    }

    private Optional<Pace> lockPace(Map<String, Object> key) {
        long asked = System.nanoTime();
        return jdbc.query(LOCK_PACE, key, (ResultSetExtractor<Optional<Pace>>) rs -> pace(rs, asked));
    }

    /** The pace row's next slot and the database's clock, read now (both queries return them so). */
    private static Optional<Pace> pace(java.sql.ResultSet rs, long askedNanos) throws java.sql.SQLException {
        return rs.next() ? Optional.of(new Pace(micros(rs.getObject("next_slot", OffsetDateTime.class).toInstant()),
                micros(rs.getObject("db_now", OffsetDateTime.class).toInstant()), System.nanoTime(), askedNanos))
                : Optional.empty();
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    private static Claimed claimed(String provider, InstallmentQueue.Taken t) {
        var request = new PayoutRequest(t.id(), t.reference(), t.walletNumber(), t.amountMinor(), t.currency(),
                t.providerTransactionId(), t.attempts(), t.nationalId());
        return new Claimed(provider, t.state(), t.attempts(), t.checks(), t.submittedAt(), request);
    }
}
