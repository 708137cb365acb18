package org.opendisbursement.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DatabaseOwner;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The auditors' database role: an auditor who logs in as a member of {@code gateway_auditor} reads everything,
 * recomputes the seals with the SQL recipe of the README, and can change nothing.
 */
@GatewayTest
class AuditorDatabaseRoleTest {

    private static final String MEMBER = "audit_firm_reader";

    @LocalServerPort
    int port;

    @Autowired
    LedgerSealer sealer;

    @Autowired
    DatabaseOwner owner;

    long listId;

    @BeforeEach
    void anAuditorLoginAndASealedList() throws Exception {
        try (Connection c = owner.connect(); Statement s = c.createStatement()) {
            var exists = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + MEMBER + "'");
            if (!exists.next()) {
                s.execute("CREATE ROLE " + MEMBER + " LOGIN PASSWORD 'reader' IN ROLE gateway_auditor");
            }
        }
        Api api = new Api(port);
        listId = api.upload("maker", ListFile.of().beneficiaries("DB", 3), ListFile.fields(ListFile.uniqueProgramme())).id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(sealer.sealCommitted(Duration.ofSeconds(30))).isNotNegative();
    }

    private Connection asAuditor() throws SQLException {
        return owner.connectAs(MEMBER, "reader");
    }

    @Test
    void theGroupRoleExistsWithoutLogin() throws Exception {
        try (Connection c = owner.connect(); Statement s = c.createStatement()) {
            var role = s.executeQuery("SELECT rolcanlogin, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = 'gateway_auditor'");
            assertThat(role.next()).isTrue();
            assertThat(role.getBoolean(1)).isFalse();
            assertThat(role.getBoolean(2)).isFalse();
            assertThat(role.getBoolean(3)).isFalse();
        }
    }

    @Test
    void anAuditorRecomputesEverySealOfAListWithPlainSql() throws Exception {
        try (Connection c = asAuditor(); var s = c.prepareStatement("""
                    SELECT count(*) AS entries, count(*) FILTER (WHERE hash_ok) AS hashes_ok,
                           count(*) FILTER (WHERE link_ok) AS links_ok
                    FROM (SELECT s.hash = sha256(s.prev_hash || convert_to(ledger_entry_canonical(e), 'UTF8')) AS hash_ok,
                                 s.prev_hash = coalesce(lag(s.hash) OVER (ORDER BY s.entry_id),
                                                        decode(repeat('00', 32), 'hex')) AS link_ok
                          FROM ledger_seal s LEFT JOIN ledger_entry e ON e.id = s.entry_id
                          WHERE s.chain = ?) checked""")) {
            s.setLong(1, listId);
            var rs = s.executeQuery();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong("entries")).isGreaterThan(3);
            assertThat(rs.getLong("hashes_ok")).isEqualTo(rs.getLong("entries"));
            assertThat(rs.getLong("links_ok")).isEqualTo(rs.getLong("entries"));
        }
    }

    @Test
    void anAuditorReadsEveryTableAndCanChangeNothing() throws Exception {
        try (Connection c = asAuditor(); Statement s = c.createStatement()) {
            for (String table : new String[] {"ledger_entry", "ledger_seal", "ledger_seal_batch", "access_log",
                    "payment_list", "beneficiary", "installment", "list_error", "provider_control"}) {
                assertThat(s.executeQuery("SELECT count(*) FROM " + table).next()).as(table).isTrue();
            }
            assertThatThrownBy(() -> s.executeUpdate("UPDATE payment_list SET status = 'APPROVED' WHERE id = " + listId))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO ledger_entry (occurred_at, actor, action) VALUES (now(), 'x', 'RECONCILIATION_IMPORTED')"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM access_log")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO ledger_seal_batch (from_id, to_id, entries, chains, sealed_at) "
                    + "VALUES (0, 1, 0, 0, now())")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("CREATE TABLE auditor_notes (x int)")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT ledger_seal_next(1, 1)")).as("sealing is the gateway's")
                    .hasMessageContaining("permission denied");
        }
    }
}
