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

    private final NamedParameterJdbcTemplate jdbc;

    LedgerHeads(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every chain's head, or only that of {@code listId}'s chain (0 for entries of no list). */
    Heads heads(Long listId) {
        var parameters = new MapSqlParameterSource();
        String chains;
        if (listId == null) {
            // a skip scan over the (chain, entry_id) index: one probe per chain, not one row per seal
            chains = """
                    WITH RECURSIVE chains(chain) AS (
                        (SELECT chain FROM ledger_seal ORDER BY chain LIMIT 1)
                        UNION ALL
                        SELECT (SELECT s.chain FROM ledger_seal s WHERE s.chain > c.chain ORDER BY s.chain LIMIT 1)
                        FROM chains c WHERE c.chain IS NOT NULL
                    ) SELECT chain FROM chains WHERE chain IS NOT NULL""";
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
        heads.forEach(h -> lines.append(h.chain()).append(':').append(h.headEntryId()).append(':').append(h.headHash()).append('\n'));
        SealedHorizon horizon = SealedHorizon.read(jdbc);
        return new Heads(horizon.horizon(), horizon.sealedAt(), ChainHash.hex(new ChainHash().of(lines.toString())), heads);
    }
}
