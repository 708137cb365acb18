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
import java.util.TreeMap;
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
 *   <li>{@code WRONG_CHAIN}: a seal filed in another chain than its entry's list's;</li>
 *   <li>{@code OUT_OF_TURN}: a seal above the sealed horizon, outside every sealing round;</li>
 *   <li>{@code ROUND_GAP}: a sealing round that does not begin where the one before ended (ids skipped or sealed
 *       twice); {@code ROUND_COUNT}: a round whose id range holds more or fewer seals than it sealed;</li>
 *   <li>{@code REWRITTEN}: the chain heads at an anchored horizon differ from those the anchor file holds: history
 *       sealed before that anchor was rewritten (and re-hashed, or the other findings would name it too);</li>
 *   <li>{@code ANCHOR_LOG}: a line of the anchor file that does not carry its MAC or does not follow the line before
 *       it (altered, removed, inserted);</li>
 *   <li>{@code ANCHOR_MISMATCH}: an anchor given by the caller (an entry id and the hash published for it, e.g. a
 *       chain head printed in a donor report) that the chain no longer holds.</li>
 * </ul>
 * Sealing rounds and the anchor file concern the whole ledger: they are checked when the whole ledger is verified.
 * Entries above the horizon are not yet sealed; their number and the oldest one's age are reported.
 */
@Component("auditLedgerVerifier")
public class LedgerVerifier {

    public enum Kind {
        ALTERED, MISSING, INSERTED, BROKEN_LINK, WRONG_CHAIN, OUT_OF_TURN, ROUND_GAP, ROUND_COUNT, REWRITTEN,
        ANCHOR_LOG, ANCHOR_MISMATCH
    }

    public record Finding(Kind kind, long entryId, Long listId, String detail) {
    }

    /** A published hash the chain must still hold: entry {@code entryId} sealed with {@code hash} (hex). */
    public record Anchor(long entryId, String hash) {
    }

    /**
     * What the anchor file held and how much of it was checked: its lines, those whose MAC holds, and the last of
     * those (when it was written and the horizon it anchored); absent when one list was verified.
     */
    public record Anchoring(String file, int lines, int trusted, int checked, Instant lastAnchoredAt,
                            Long lastAnchoredHorizon) {
    }

    public record Verification(boolean intact, Instant verifiedAt, Long listId, long sealedEntries, int chains, long horizon,
                        Instant lastSealedAt, long unsealedEntries, Instant oldestUnsealedAt, Long rounds,
                        Anchoring anchoring, long problems, Finding firstProblem, List<Finding> findings,
                        boolean findingsTruncated, long elapsedMs) {
    }

    /** A chain's last seal seen so far. */
    private record Head(long entryId, byte[] hash) {
    }

    private static final int MAX_FINDINGS = 100;

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate cursor;
    private final TransactionTemplate readOnly;
    private final Clock clock;
    private final AnchorLog anchorLog;

    LedgerVerifier(NamedParameterJdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions,
                   Clock clock, AuditProperties properties, AnchorLog anchorLog) {
        this.jdbc = jdbc;
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(Math.max(100, properties.fetchSize()));
        this.cursor = new NamedParameterJdbcTemplate(streaming);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.clock = clock;
        this.anchorLog = anchorLog;
    }

    /** Verifies every chain, or only the chain of {@code listId} (0 for entries of no list). */
    Verification verify(Long listId, List<Anchor> anchors) {
        long started = System.nanoTime();
        // read before the snapshot: every line then anchors a horizon the snapshot holds
        AnchorLog.Reading anchorFile = listId == null ? anchorLog.read() : null;
        return readOnly.execute(status -> new Run(listId, anchors, anchorFile).run(started));
    }

    /** One verification: its findings and the state of its stream. */
    private final class Run {

        private final Long listId;
        private final List<Anchor> anchors;
        private final AnchorLog.Reading anchorFile;
        private final List<Finding> findings = new ArrayList<>();
        private final TreeMap<Long, Head> heads = new TreeMap<>();
        private final ChainHash hash = new ChainHash();
        private long problems;
        private long sealed;
        /** Anchors whose horizon the stream has not passed yet, lowest horizon first. */
        private List<AnchorLog.Line> pending = List.of();
        private int nextAnchor;
        private int anchorsChecked;
        private int anchorsDisagreeing;
        private AnchorLog.Line firstDisagreeing;
        private String firstDisagreement;
        private AnchorLog.Line lastAgreeing;
        private long rootHorizon = -1;
        private String root;

        Run(Long listId, List<Anchor> anchors, AnchorLog.Reading anchorFile) {
            this.listId = listId;
            this.anchors = anchors;
            this.anchorFile = anchorFile;
        }

        Verification run(long started) {
            MapSqlParameterSource parameters = new MapSqlParameterSource();
            String chainFilter = "";
            String entryFilter = "";
            if (listId != null) {
                parameters.addValue("chain", listId);
                chainFilter = "WHERE s.chain = :chain";
                entryFilter = listId == 0 ? "AND e.list_id IS NULL" : "AND e.list_id = :chain";
            }
            SealedHorizon sealedHorizon = SealedHorizon.read(jdbc);
            long horizon = sealedHorizon.horizon();
            parameters.addValue("horizon", horizon);
            if (anchorFile != null) {
                anchorFile.broken().forEach(b -> problem(new Finding(Kind.ANCHOR_LOG,
                        b.horizon() == null ? 0 : b.horizon(), null, b.problem())));
                pending = anchorFile.trusted().stream().sorted(Comparator.comparingLong(AnchorLog.Line::horizon)).toList();
            }
            Map<Long, String> anchored = new HashMap<>();
            anchors.forEach(a -> anchored.put(a.entryId(), a.hash().toLowerCase()));

            cursor.query("""
                    SELECT s.entry_id, s.chain, s.prev_hash, s.hash, e.id IS NOT NULL AS present, %s
                    FROM ledger_seal s LEFT JOIN ledger_entry e ON e.id = s.entry_id
                    """.formatted(CanonicalEntry.COLUMNS) + chainFilter + " ORDER BY s.entry_id", parameters, rs -> {
                long entryId = rs.getLong("entry_id");
                passAnchorsBelow(entryId);
                long chain = rs.getLong("chain");
                byte[] prev = rs.getBytes("prev_hash");
                byte[] own = rs.getBytes("hash");
                sealed++;
                Long list = chain == 0 ? null : chain;
                Head previous = heads.get(chain);
                byte[] expectedPrev = previous == null ? ChainHash.GENESIS : previous.hash();
                if (!Arrays.equals(prev, expectedPrev)) {
                    problem(new Finding(Kind.BROKEN_LINK, entryId, list, "the seal's previous hash is not the hash of the "
                            + "chain's previous sealed entry: a seal before it was removed or rewritten"));
                }
                if (entryId > horizon) {
                    problem(new Finding(Kind.OUT_OF_TURN, entryId, list, "entry " + entryId + " has a seal although "
                            + "no sealing round reached it (the sealed horizon is entry " + horizon + "): the seal was "
                            + "slipped in outside the database's sealing"));
                }
                if (!rs.getBoolean("present")) {
                    problem(new Finding(Kind.MISSING, entryId, list, "entry " + entryId + " was sealed and is gone"));
                } else {
                    CanonicalEntry entry = CanonicalEntry.read(rs);
                    if (entry.chain() != chain) {
                        problem(new Finding(Kind.WRONG_CHAIN, entryId, list, "entry " + entryId + " belongs to "
                                + chainName(entry.chain()) + " but is sealed in the chain of " + chainName(chain)));
                    }
                    if (!Arrays.equals(hash.next(prev, entry.text()), own)) {
                        problem(new Finding(Kind.ALTERED, entryId, list,
                                "entry " + entryId + " no longer matches the hash it was sealed with"));
                    }
                }
                String published = anchored.remove(entryId);
                if (published != null && !published.equals(ChainHash.hex(own))) {
                    problem(new Finding(Kind.ANCHOR_MISMATCH, entryId, list, "entry " + entryId + " is sealed with "
                            + ChainHash.hex(own) + ", not with the published " + published));
                }
                heads.put(chain, new Head(entryId, own));
            });
            passRemainingAnchors(horizon);
            anchored.forEach((entryId, published) -> problem(new Finding(Kind.ANCHOR_MISMATCH, entryId,
                    listId == null || listId == 0 ? null : listId,
                    "no seal of entry " + entryId + " is left for the published hash " + published)));

            cursor.query("""
                    SELECT e.id, e.list_id FROM ledger_entry e
                    WHERE e.id <= :horizon %s
                      AND NOT EXISTS (SELECT 1 FROM ledger_seal s WHERE s.entry_id = e.id)
                    ORDER BY e.id
                    """.formatted(entryFilter), parameters, rs -> {
                long id = rs.getLong("id");
                problem(new Finding(Kind.INSERTED, id, (Long) rs.getObject("list_id"), "entry " + id
                        + " has no seal although every entry up to " + horizon + " was sealed: it was added afterwards"));
            });
            if (listId != null) {
                sealedElsewhere(parameters, entryFilter);
            }
            Long rounds = listId == null ? rounds() : null;
            Map<String, Object> unsealed = jdbc.queryForMap("""
                    SELECT count(*) AS n, min(e.occurred_at) AS oldest FROM ledger_entry e WHERE e.id > :horizon %s
                    """.formatted(entryFilter), parameters);

            findings.sort(Comparator.comparingLong(Finding::entryId));
            Finding first = findings.isEmpty() ? null : findings.get(0);
            return new Verification(problems == 0, clock.instant(), listId, sealed, heads.size(), horizon,
                    sealedHorizon.sealedAt(), ((Number) unsealed.get("n")).longValue(),
                    unsealed.get("oldest") == null ? null : ((Timestamp) unsealed.get("oldest")).toInstant(),
                    rounds, anchoring(), problems, first, findings, problems > findings.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }

        /**
         * A list's entries sealed in another chain (the stream of one chain cannot see them): one probe of the seal
         * per entry of the list (LIMIT keeps it so; as a join PostgreSQL would hash every seal below some tens of
         * millions of them, and verifying a list would cost what the whole ledger holds).
         */
        private void sealedElsewhere(MapSqlParameterSource parameters, String entryFilter) {
            cursor.query("""
                    SELECT e.id, e.list_id, s.chain FROM ledger_entry e
                    CROSS JOIN LATERAL (SELECT s.chain FROM ledger_seal s WHERE s.entry_id = e.id LIMIT 1) s
                    WHERE s.chain <> coalesce(e.list_id, 0) %s ORDER BY e.id
                    """.formatted(entryFilter), parameters, rs -> {
                long id = rs.getLong("id");
                long chain = rs.getLong("chain");
                Long list = (Long) rs.getObject("list_id");
                problem(new Finding(Kind.WRONG_CHAIN, id, list, "entry " + id + " belongs to "
                        + chainName(list == null ? 0 : list) + " but is sealed in the chain of " + chainName(chain)));
            });
        }

        /**
         * Checks that the sealing rounds follow each other without gap or overlap from entry 0, and that each round's
         * id range holds as many seals as it sealed; returns how many rounds there are.
         */
        private Long rounds() {
            cursor.query("""
                    SELECT r.id, r.from_id, r.to_id, r.entries, r.previous_to, r.seals FROM (
                        SELECT b.id, b.from_id, b.to_id, b.entries, lag(b.to_id) OVER (ORDER BY b.to_id, b.id) AS previous_to,
                               (SELECT count(*) FROM ledger_seal s WHERE s.entry_id > b.from_id AND s.entry_id <= b.to_id) AS seals
                        FROM ledger_seal_batch b) r
                    WHERE r.from_id <> coalesce(r.previous_to, 0) OR r.seals <> r.entries
                    ORDER BY r.to_id, r.id
                    """, new MapSqlParameterSource(), rs -> {
                long round = rs.getLong("id");
                long from = rs.getLong("from_id");
                long to = rs.getLong("to_id");
                long previousTo = rs.getObject("previous_to") == null ? 0 : rs.getLong("previous_to");
                long recorded = rs.getLong("entries");
                long seals = rs.getLong("seals");
                if (from > previousTo) {
                    problem(new Finding(Kind.ROUND_GAP, previousTo + 1, null, "sealing round " + round + " begins after "
                            + "entry " + from + " but the round before it ended at entry " + previousTo + ": entries "
                            + (previousTo + 1) + " to " + from + " were never sealed in turn (a round was removed, or "
                            + "this one recorded out of turn)"));
                } else if (from < previousTo) {
                    problem(new Finding(Kind.ROUND_GAP, from + 1, null, "sealing round " + round + " covers entries "
                            + (from + 1) + " to " + to + " but the round before it already reached entry " + previousTo
                            + ": two rounds overlap (one was recorded out of turn)"));
                }
                if (seals != recorded) {
                    problem(new Finding(Kind.ROUND_COUNT, from + 1, null, "sealing round " + round + " sealed "
                            + recorded + (recorded == 1 ? " entry" : " entries") + " from " + (from + 1) + " to " + to
                            + "; " + seals + (seals == 1 ? " seal is" : " seals are") + " there now: "
                            + (seals < recorded ? "seals were removed with their entries" : "seals were added afterwards")));
                }
            });
            return jdbc.queryForObject("SELECT count(*) FROM ledger_seal_batch", new MapSqlParameterSource(), Long.class);
        }

        /** Compares the heads with every anchor whose horizon lies below the next seal's entry. */
        private void passAnchorsBelow(long entryId) {
            while (nextAnchor < pending.size() && pending.get(nextAnchor).horizon() < entryId) {
                compare(pending.get(nextAnchor++));
            }
        }

        private void passRemainingAnchors(long horizon) {
            while (nextAnchor < pending.size()) {
                AnchorLog.Line line = pending.get(nextAnchor++);
                if (line.horizon() > horizon) {
                    anchorsChecked++;
                    disagree(line, "at " + line.at() + " every entry up to " + line.horizon() + " was sealed and "
                            + "anchored; the sealing rounds now end at entry " + horizon + ": rounds and seals anchored "
                            + "then were removed");
                } else {
                    compare(line);
                }
            }
            if (firstDisagreeing != null) {
                problem(rewritten());
            }
        }

        private void compare(AnchorLog.Line line) {
            anchorsChecked++;
            if (rootHorizon != line.horizon()) {
                StringBuilder lines = new StringBuilder();
                heads.forEach((chain, head) -> LedgerHeads.line(lines, chain, head.entryId(), ChainHash.hex(head.hash())));
                root = ChainHash.hex(hash.of(lines.toString()));
                rootHorizon = line.horizon();
            }
            if (root.equals(line.heads()) && heads.size() == line.chains()) {
                if (firstDisagreeing == null) {
                    lastAgreeing = line;
                }
                return;
            }
            disagree(line, "at " + line.at() + " the chain heads up to entry " + line.horizon() + " were anchored as "
                    + line.heads() + " (" + line.chains() + " chains); recomputed from the seals they are " + root
                    + " (" + heads.size() + " chains)");
        }

        private void disagree(AnchorLog.Line line, String what) {
            anchorsDisagreeing++;
            if (firstDisagreeing == null) {
                firstDisagreeing = line;
                firstDisagreement = what;
            }
        }

        /** One finding for all anchors that disagree, named by the first of them (the earliest horizon). */
        private Finding rewritten() {
            AnchorLog.Line line = firstDisagreeing;
            return new Finding(Kind.REWRITTEN, line.horizon(), null, "history before " + line.at() + " was rewritten: "
                    + firstDisagreement + " (line " + line.number() + " of the anchor file"
                    + (anchorsDisagreeing > 1 ? "; " + anchorsDisagreeing + " of the " + anchorsChecked
                    + " anchors checked disagree" : "")
                    + (lastAgreeing == null ? "" : "; the anchor of " + lastAgreeing.at() + ", up to entry "
                    + lastAgreeing.horizon() + ", still agrees") + ")");
        }

        private Anchoring anchoring() {
            if (anchorFile == null) {
                return null;
            }
            AnchorLog.Line last = anchorFile.last();
            return new Anchoring(anchorFile.file().toString(), anchorFile.lines(), anchorFile.trusted().size(),
                    anchorsChecked, last == null ? null : last.at(), last == null ? null : last.horizon());
        }

        private void problem(Finding finding) {
            problems++;
            add(findings, finding);
        }
    }

    private static String chainName(long chain) {
        return chain == 0 ? "no list" : "list " + chain;
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
