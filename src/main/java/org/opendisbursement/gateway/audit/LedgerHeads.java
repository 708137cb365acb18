package org.opendisbursement.gateway.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The head of each hash chain (its last sealed entry and that entry's hash) and one root over all heads. Published
 * outside the database (a donor report, an e-mail to the donor), they let a later verification prove that nobody
 * rewrote the chains since, the database's superuser included: {@code GET /api/ledger/verify?anchor=<entry>:<hash>}.
 */
@Component("auditLedgerHeads")
public class LedgerHeads {

    public record Head(long chain, Long listId, long entries, long headEntryId, String headHash, Instant sealedAt) {
    }

    /** {@code root} = SHA-256 over the lines {@code <chain>:<headEntryId>:<headHash>\n} in chain order. */
    public record Heads(long horizon, Instant lastSealedAt, String root, List<Head> chains) {
    }

    /** The root over every chain's head at {@code horizon}: each chain's last seal at or below it. */
    record Root(long horizon, int chains, String root) {
    }

    /** Every chain that has a seal, one index probe per chain (a skip scan over the (chain, entry_id) index). */
    private static final String CHAINS = """
            WITH RECURSIVE chains(chain) AS (
                (SELECT chain FROM ledger_seal ORDER BY chain LIMIT 1)
                UNION ALL
                SELECT (SELECT s.chain FROM ledger_seal s WHERE s.chain > c.chain ORDER BY s.chain LIMIT 1)
                FROM chains c WHERE c.chain IS NOT NULL
            ) SELECT chain FROM chains WHERE chain IS NOT NULL""";

    private final NamedParameterJdbcTemplate jdbc;

    LedgerHeads(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every chain's head, or only that of {@code listId}'s chain (0 for entries of no list). */
    Heads heads(Long listId) {
        var parameters = new MapSqlParameterSource();
        String chains;
        if (listId == null) {
            chains = CHAINS;
        } else {
            chains = "SELECT CAST(:chain AS bigint) AS chain";
            parameters.addValue("chain", listId);
        }
        List<Head> heads = jdbc.query("""
                SELECT c.chain, h.entry_id, h.hash, h.sealed_at,
                       (SELECT count(*) FROM ledger_seal n WHERE n.chain = c.chain) AS entries
                FROM (%s) c
                CROSS JOIN LATERAL (SELECT s.entry_id, s.hash, s.sealed_at FROM ledger_seal s WHERE s.chain = c.chain
                                    ORDER BY s.entry_id DESC LIMIT 1) h
                ORDER BY c.chain
                """.formatted(chains), parameters, (rs, n) -> new Head(rs.getLong("chain"),
                rs.getLong("chain") == 0 ? null : rs.getLong("chain"), rs.getLong("entries"), rs.getLong("entry_id"),
                ChainHash.hex(rs.getBytes("hash")), rs.getTimestamp("sealed_at").toInstant()));
        StringBuilder lines = new StringBuilder();
        heads.forEach(h -> line(lines, h.chain(), h.headEntryId(), h.headHash()));
        SealedHorizon horizon = SealedHorizon.read(jdbc);
        return new Heads(horizon.horizon(), horizon.sealedAt(), ChainHash.hex(new ChainHash().of(lines.toString())), heads);
    }

    /**
     * The root of the chain heads as they were when everything up to {@code horizon} was sealed: seals above it (made
     * since) are left out, so the root at a horizon never changes while nobody rewrites the seals.
     */
    Root at(long horizon) {
        StringBuilder lines = new StringBuilder();
        int[] chains = {0};
        jdbc.query("""
                SELECT c.chain, h.entry_id, h.hash
                FROM (%s) c
                CROSS JOIN LATERAL (SELECT s.entry_id, s.hash FROM ledger_seal s WHERE s.chain = c.chain
                                    AND s.entry_id <= :horizon ORDER BY s.entry_id DESC LIMIT 1) h
                ORDER BY c.chain
                """.formatted(CHAINS), new MapSqlParameterSource("horizon", horizon), rs -> {
            chains[0]++;
            line(lines, rs.getLong("chain"), rs.getLong("entry_id"), ChainHash.hex(rs.getBytes("hash")));
        });
        return new Root(horizon, chains[0], ChainHash.hex(new ChainHash().of(lines.toString())));
    }

    /** One line of a root: {@code <chain>:<head entry id>:<head hash>\n}. */
    static StringBuilder line(StringBuilder lines, long chain, long headEntryId, String headHash) {
        return lines.append(chain).append(':').append(headEntryId).append(':').append(headHash).append('\n');
    }
}
