package org.opendisbursement.gateway.audit;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals ledger entries into their hash chains, in the background and in batches, so no writer of the ledger waits
 * for it. Each list has its own chain (entries of no list form chain 0), in id order: an entry's seal holds the hash
 * of the chain's previous entry and its own hash over that and the entry's canonical text ({@link ChainHash}).
 *
 * <p>Ids are handed out before their transactions commit, so an entry with a lower id may become visible after
 * one with a higher id. A round therefore seals only up to a <em>safe horizon</em>: the ledger sequence's last
 * value read at an earlier round, once every transaction that was writing to the ledger at that moment has ended
 * (seen in {@code pg_locks}: every INSERT holds ROW EXCLUSIVE on the table from before it draws its id until its
 * transaction ends). Every id up to the horizon is then either committed or never will be, and each sealing
 * transaction records the id range it covered in {@code ledger_seal_batch}. An unsealed entry with an id at or
 * below the highest sealed id was therefore added afterwards, behind the application's back, and is never sealed:
 * the verifier names it.
 *
 * <p>The application only decides <em>when</em> and <em>up to where</em>; the database seals
 * ({@code ledger_seal_next}, V10, owned by the schema owner): it computes every hash from the entries as they stand,
 * links each to its chain's last seal and records the round contiguous with the last one. The application's role
 * cannot insert a seal or a round of its own making. Several gateway instances may run this at once; the function
 * takes an advisory lock, so one round is sealed at a time.
 */
@Component("ledgerSealer")
class LedgerSealer {

    /** Horizon candidate: the last ledger id handed out, and the transactions that were writing to the ledger then. */
    record Horizon(long lastId, Set<String> writers) {
    }

    private static final String WRITERS = """
            SELECT virtualtransaction FROM pg_locks
            WHERE locktype = 'relation' AND mode = 'RowExclusiveLock'
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND relation = 'ledger_entry'::regclass
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final int chunk;
    private Horizon pending;
    private volatile boolean sequenceChecked;
    /** every id up to this is sealed (this instance sealed up to it): an idle round asks one question, not three */
    private volatile long sealedThrough;

    LedgerSealer(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, AuditProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.chunk = Math.max(100, properties.sealChunk());
    }

    /**
     * One round of the {@code audit.seal} route: seals up to the horizon noted at an earlier round if its writers
     * have all finished, then notes the next one.
     *
     * @return how many entries were sealed
     */
    synchronized long tick() {
        long sealed = 0;
        if (pending != null && finished(pending)) {
            if (pending.lastId() > sealedThrough) {
                sealed = sealUpTo(pending.lastId());
                sealedThrough = pending.lastId();
            }
            pending = null;
        }
        if (pending == null) {
            pending = horizon();
        }
        return sealed;
    }

    /**
     * Seals every entry committed before this call, waiting up to {@code patience} for transactions that were writing
     * to the ledger to end (operators and tests; the route does the same without waiting).
     *
     * @return how many entries were sealed, or -1 if writers were still busy after {@code patience}
     */
    long sealCommitted(Duration patience) throws InterruptedException {
        Horizon horizon = horizon();
        long deadline = System.nanoTime() + patience.toNanos();
        while (!finished(horizon)) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(20);
        }
        return sealUpTo(horizon.lastId());
    }

    Horizon horizon() {
        if (!sequenceChecked) {
            // with a cache, sessions hold ids above the sequence's last value that they hand out later: below a horizon
            Long cache = jdbc.queryForObject("""
                    SELECT cache_size FROM pg_sequences
                    WHERE schemaname || '.' || sequencename = pg_get_serial_sequence('ledger_entry', 'id')""",
                    new MapSqlParameterSource(), Long.class);
            if (cache != null && cache > 1) {
                throw new IllegalStateException("the ledger's id sequence caches " + cache
                        + " values per session; sealing needs CACHE 1 (ALTER SEQUENCE ... CACHE 1)");
            }
            sequenceChecked = true;
        }
        Long last = jdbc.queryForObject(
                "SELECT pg_sequence_last_value(pg_get_serial_sequence('ledger_entry', 'id')::regclass)",
                new MapSqlParameterSource(), Long.class);
        if (last == null || last <= sealedThrough) {
            // no id handed out since a horizon whose writers had all ended: nothing new can commit below it
            return new Horizon(last == null ? 0 : last, Set.of());
        }
        // read after the sequence: whoever drew an id up to `last` and has not ended still holds its lock now
        Set<String> writers = new LinkedHashSet<>(jdbc.queryForList(WRITERS, new MapSqlParameterSource(), String.class));
        return new Horizon(last, writers);
    }

    private boolean finished(Horizon horizon) {
        if (horizon.writers().isEmpty()) {
            return true;
        }
        Long still = jdbc.queryForObject("SELECT count(*) FROM (" + WRITERS + ") w WHERE w.virtualtransaction IN (:writers)",
                new MapSqlParameterSource("writers", List.copyOf(horizon.writers())), Long.class);
        return still != null && still == 0;
    }

    /** Seals, in transactions of at most {@code chunk} ids each, every unsealed entry up to {@code target}. */
    long sealUpTo(long target) {
        long total = 0;
        while (true) {
            Long sealed = transaction.execute(status -> sealChunk(target));
            if (sealed == null || sealed < 0) {
                return total;
            }
            total += sealed;
        }
    }

    /**
     * One sealing round of at most {@code chunk} ids, made by the database ({@code ledger_seal_next}, V10): it reads the
     * entries, computes their hashes, writes the seals and the round. The application's role may not insert seals.
     *
     * @return entries sealed, or -1 if everything up to {@code target} is sealed already
     */
    private long sealChunk(long target) {
        Long sealed = jdbc.queryForObject("SELECT ledger_seal_next(:target, :chunk)",
                new MapSqlParameterSource().addValue("target", target).addValue("chunk", chunk), Long.class);
        return sealed == null ? -1 : sealed;
    }
}
