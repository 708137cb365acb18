package org.opendisbursement.gateway.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the ledger's hash chains from the entries as they stand and compares them with their seals, streaming
 * seals and entries in id order (memory holds one head per chain, never the ledger). It finds:
 * <ul>
 *   <li>{@code ALTERED}: a sealed entry whose content no longer gives its sealed hash (an UPDATE behind the
 *       triggers' back);</li>
 *   <li>{@code MISSING}: a seal whose entry is gone (a DELETE);</li>
 *   <li>{@code INSERTED}: an entry with an id at or below the sealed horizon that has no seal: it appeared after
 *       its id range was sealed, which the application never does;</li>
 *   <li>{@code BROKEN_LINK}: a seal whose previous hash is not the hash of its chain's previous seal (a seal was
 *       removed or rewritten);</li>
 *   <li>{@code ANCHOR_MISMATCH}: an anchor given by the caller (an entry id and the hash published for it, e.g. a
 *       chain head printed in a donor report) that the chain no longer holds.</li>
 * </ul>
 * Entries above the horizon are not yet sealed; their number and the oldest one's age are reported.
 */
@Component("auditLedgerVerifier")
public class LedgerVerifier {

    public enum Kind { ALTERED, MISSING, INSERTED, BROKEN_LINK, ANCHOR_MISMATCH }

    public record Finding(Kind kind, long entryId, Long listId, String detail) {
    }

    /** A published hash the chain must still hold: entry {@code entryId} sealed with {@code hash} (hex). */
    public record Anchor(long entryId, String hash) {
    }

    public record Verification(boolean intact, Instant verifiedAt, Long listId, long sealedEntries, int chains, long horizon,
                        Instant lastSealedAt, long unsealedEntries, Instant oldestUnsealedAt, long problems,
                        Finding firstProblem, List<Finding> findings, boolean findingsTruncated, long elapsedMs) {
    }

    private static final int MAX_FINDINGS = 100;

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate cursor;
    private final TransactionTemplate readOnly;
    private final Clock clock;

    LedgerVerifier(NamedParameterJdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions,
                   Clock clock, AuditProperties properties) {
        this.jdbc = jdbc;
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(Math.max(100, properties.fetchSize()));
        this.cursor = new NamedParameterJdbcTemplate(streaming);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.clock = clock;
    }

    /** Verifies every chain, or only the chain of {@code listId} (0 for entries of no list). */
    Verification verify(Long listId, List<Anchor> anchors) {
        long started = System.nanoTime();
        return readOnly.execute(status -> run(listId, anchors, started));
    }

    private Verification run(Long listId, List<Anchor> anchors, long started) {
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        String chainFilter = "";
        String entryFilter = "";
        if (listId != null) {
            parameters.addValue("chain", listId);
            chainFilter = "WHERE s.chain = :chain";
            entryFilter = listId == 0 ? "AND e.list_id IS NULL" : "AND e.list_id = :chain";
        }
        Map<Long, String> anchored = new HashMap<>();
        anchors.forEach(a -> anchored.put(a.entryId(), a.hash().toLowerCase()));

        List<Finding> findings = new ArrayList<>();
        long[] problems = {0};
        long[] sealed = {0};
        Map<Long, byte[]> heads = new HashMap<>();
        ChainHash hash = new ChainHash();
        cursor.query("""
                SELECT s.entry_id, s.chain, s.prev_hash, s.hash, e.id IS NOT NULL AS present, %s
                FROM ledger_seal s LEFT JOIN ledger_entry e ON e.id = s.entry_id
                """.formatted(CanonicalEntry.COLUMNS) + chainFilter + " ORDER BY s.entry_id", parameters, rs -> {
            long entryId = rs.getLong("entry_id");
            long chain = rs.getLong("chain");
            byte[] prev = rs.getBytes("prev_hash");
            byte[] own = rs.getBytes("hash");
            sealed[0]++;
            Long list = chain == 0 ? null : chain;
            byte[] expectedPrev = heads.getOrDefault(chain, ChainHash.GENESIS);
            if (!Arrays.equals(prev, expectedPrev)) {
                problems[0]++;
                add(findings, new Finding(Kind.BROKEN_LINK, entryId, list, "the seal's previous hash is not the hash of the "
                        + "chain's previous sealed entry: a seal before it was removed or rewritten"));
            }
            if (!rs.getBoolean("present")) {
                problems[0]++;
                add(findings, new Finding(Kind.MISSING, entryId, list, "entry " + entryId + " was sealed and is gone"));
            } else if (!Arrays.equals(hash.next(prev, CanonicalEntry.read(rs).text()), own)) {
                problems[0]++;
                add(findings, new Finding(Kind.ALTERED, entryId, list,
                        "entry " + entryId + " no longer matches the hash it was sealed with"));
            }
            String published = anchored.remove(entryId);
            if (published != null && !published.equals(ChainHash.hex(own))) {
                problems[0]++;
                add(findings, new Finding(Kind.ANCHOR_MISMATCH, entryId, list, "entry " + entryId + " is sealed with "
                        + ChainHash.hex(own) + ", not with the published " + published));
            }
            heads.put(chain, own);
        });
        anchored.forEach((entryId, published) -> {
            problems[0]++;
            add(findings, new Finding(Kind.ANCHOR_MISMATCH, entryId, listId == null || listId == 0 ? null : listId,
                    "no seal of entry " + entryId + " is left for the published hash " + published));
        });

        SealedHorizon sealedHorizon = SealedHorizon.read(jdbc);
        long horizon = sealedHorizon.horizon();
        parameters.addValue("horizon", horizon);
        cursor.query("""
                SELECT e.id, e.list_id FROM ledger_entry e
                WHERE e.id <= :horizon %s
                  AND NOT EXISTS (SELECT 1 FROM ledger_seal s WHERE s.entry_id = e.id)
                ORDER BY e.id
                """.formatted(entryFilter), parameters, rs -> {
            problems[0]++;
            long id = rs.getLong("id");
            add(findings, new Finding(Kind.INSERTED, id, (Long) rs.getObject("list_id"), "entry " + id
                    + " has no seal although every entry up to " + horizon + " was sealed: it was added afterwards"));
        });
        Map<String, Object> unsealed = jdbc.queryForMap("""
                SELECT count(*) AS n, min(e.occurred_at) AS oldest FROM ledger_entry e WHERE e.id > :horizon %s
                """.formatted(entryFilter), parameters);

        findings.sort(Comparator.comparingLong(Finding::entryId));
        Finding first = findings.isEmpty() ? null : findings.get(0);
        return new Verification(problems[0] == 0, clock.instant(), listId, sealed[0], heads.size(), horizon, sealedHorizon.sealedAt(),
                ((Number) unsealed.get("n")).longValue(),
                unsealed.get("oldest") == null ? null : ((Timestamp) unsealed.get("oldest")).toInstant(),
                problems[0], first, findings, problems[0] > findings.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Keeps the findings with the lowest entry ids, at most {@link #MAX_FINDINGS}. */
    private static void add(List<Finding> findings, Finding finding) {
        if (findings.size() < MAX_FINDINGS) {
            findings.add(finding);
            return;
        }
        int highest = 0;
        for (int i = 1; i < findings.size(); i++) {
            if (findings.get(i).entryId() > findings.get(highest).entryId()) {
                highest = i;
            }
        }
        if (finding.entryId() < findings.get(highest).entryId()) {
            findings.set(highest, finding);
        }
    }

}
