package org.opendisbursement.gateway.audit;

import java.time.Instant;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** How far sealing has come: every ledger entry with an id up to {@code horizon} has a seal (or never existed). */
record SealedHorizon(long horizon, Instant sealedAt) {

    static SealedHorizon read(NamedParameterJdbcTemplate jdbc) {
        return jdbc.query("SELECT to_id, sealed_at FROM ledger_seal_batch ORDER BY to_id DESC LIMIT 1",
                new MapSqlParameterSource(), rs -> rs.next()
                        ? new SealedHorizon(rs.getLong("to_id"), rs.getTimestamp("sealed_at").toInstant())
                        : new SealedHorizon(0, null));
    }
}
