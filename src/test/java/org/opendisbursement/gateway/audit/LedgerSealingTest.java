package org.opendisbursement.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Sealing keeps up with the ledger and never mistakes a late commit for tampering. */
@GatewayTest
class LedgerSealingTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    LedgerSealer sealer;

    @Autowired
    LedgerVerifier verifier;

    long listId;

    @BeforeEach
    void aList() {
        listId = new Api(port).upload("maker", ListFile.of().beneficiaries("SE", 2), ListFile.fields(ListFile.uniqueProgramme())).id();
    }

    private static final String NOTE = """
            INSERT INTO ledger_entry (occurred_at, actor, action, list_id, detail)
            VALUES (now(), 'test', 'RECONCILIATION_IMPORTED', ?, ?) RETURNING id""";

    private long note(Connection c, String detail) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(NOTE)) {
            ps.setLong(1, listId);
            ps.setString(2, detail);
            var rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anEntryCommittedAfterOneWithAHigherIdIsSealedNotReportedAsInserted() throws Exception {
        try (Connection slow = dataSource.getConnection(); Connection fast = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            long early = note(slow, "drawn first, committed last");
            long late = note(fast, "drawn second, committed first");
            assertThat(late).isGreaterThan(early);

            // while the slow writer is open, nothing up to its id may be sealed: sealing waits for it
            assertThat(sealer.sealCommitted(Duration.ofMillis(300))).isEqualTo(-1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_seal WHERE entry_id = :id", Map.of("id", late),
                    Long.class)).isZero();

            slow.commit();
            assertThat(sealer.sealCommitted(Duration.ofSeconds(30))).isNotNegative();
            assertThat(jdbc.queryForList("SELECT entry_id FROM ledger_seal WHERE entry_id IN (:ids) ORDER BY entry_id",
                    Map.of("ids", java.util.List.of(early, late)), Long.class)).containsExactly(early, late);
        }
        LedgerVerifier.Verification verification = verifier.verify(listId, java.util.List.of());
        assertThat(verification.findings()).isEmpty();
        assertThat(verification.intact()).isTrue();
    }

    @Test
    void aBurstOfEntriesIsSealedInChunksAndVerifiesIntact() throws Exception {
        // speed is measured by bench/seal (bench/RESULTS.md); here: a burst larger than one sealing chunk (20,000)
        sealer.sealCommitted(Duration.ofSeconds(30));
        int burst = 30_000;
        jdbc.update("""
                INSERT INTO ledger_entry (occurred_at, actor, action, list_id, installment_id, beneficiary_id, amount_minor,
                                          currency, from_state, to_state, reference, detail)
                SELECT now(), 'dispatch', 'PAYOUT_CONFIRMED', :list, g, 'SE-' || g, 250000, 'BDT', 'SUBMITTED',
                       'CONFIRMED', md5(g::text), 'burst entry ' || g
                FROM generate_series(1, :n) g""", Map.of("list", listId, "n", burst));

        assertThat(sealer.sealCommitted(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(burst);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM ledger_entry e LEFT JOIN ledger_seal s ON s.entry_id = e.id
                WHERE e.list_id = :list AND s.entry_id IS NULL""", Map.of("list", listId), Long.class)).isZero();

        LedgerVerifier.Verification verification = verifier.verify(listId, java.util.List.of());
        assertThat(verification.intact()).isTrue();
        assertThat(verification.findings()).isEmpty();
        assertThat(verification.sealedEntries()).isGreaterThanOrEqualTo(burst);
    }
}
