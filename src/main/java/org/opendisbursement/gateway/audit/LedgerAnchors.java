package org.opendisbursement.gateway.audit;

import java.time.Clock;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code audit.anchor} route's bean: anchors the ledger outside the database. Each round reads the sealed horizon
 * and the root of the chain heads at it ({@link LedgerHeads#at}) and appends them to the {@link AnchorLog}, under a
 * MAC chained to the line before. Once a line is written, the history sealed up to its horizon can no longer be
 * rewritten unnoticed, by anyone without the anchor key: the verifier recomputes the heads at every anchored horizon.
 * A round also runs when nothing was sealed since the last: it shows the ledger was still as anchored at that time.
 */
@Component("ledgerAnchors")
class LedgerAnchors {

    private final NamedParameterJdbcTemplate jdbc;
    private final LedgerHeads heads;
    private final AnchorLog log;
    private final Clock clock;

    LedgerAnchors(NamedParameterJdbcTemplate jdbc, LedgerHeads heads, AnchorLog log, Clock clock) {
        this.jdbc = jdbc;
        this.heads = heads;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Appends one anchor for the ledger as sealed now.
     *
     * @return the sealed horizon anchored
     */
    long anchor() {
        // seals up to a round's to_id commit with it: once the round is seen, everything up to its horizon is
        long horizon = SealedHorizon.read(jdbc).horizon();
        LedgerHeads.Root root = heads.at(horizon);
        log.append(clock.instant(), horizon, root.chains(), root.root());
        return horizon;
    }
}
