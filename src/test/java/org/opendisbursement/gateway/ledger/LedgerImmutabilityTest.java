package org.opendisbursement.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DatabaseOwner;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The database itself refuses to change history, whoever asks. */
@GatewayTest
class LedgerImmutabilityTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    DatabaseOwner owner;

    long listId;

    @BeforeEach
    void aListWithHistory() {
        listId = new Api(port).upload("maker", ListFile.of().beneficiaries("LI", 3), ListFile.fields(ListFile.uniqueProgramme())).id();
    }

    private long entries() {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id", Map.of("id", listId), Long.class);
    }

    @Test
    void theApplicationRoleCannotUpdateDeleteOrTruncateTheLedger() {
        long before = entries();
        Map<String, Long> id = Map.of("id", listId);

        assertThatThrownBy(() -> jdbc.update("UPDATE ledger_entry SET amount_minor = 1 WHERE list_id = :id", id))
                .hasMessageContaining("ledger_entry");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM ledger_entry WHERE list_id = :id", id))
                .hasMessageContaining("ledger_entry");
        assertThatThrownBy(() -> jdbc.getJdbcTemplate().execute("TRUNCATE ledger_entry CASCADE"))
                .hasMessageContaining("ledger_entry");
        assertThatThrownBy(() -> jdbc.getJdbcTemplate().execute("ALTER TABLE ledger_entry DISABLE TRIGGER USER"))
                .hasMessageContaining("ledger_entry");
        assertThat(entries()).isEqualTo(before).isPositive();
    }

    @Test
    void evenTheOwnerCannotUpdateOrDeleteWhileTheTriggersStand() throws SQLException {
        try (Connection connection = owner.connect()) {
            var update = connection.prepareStatement("UPDATE ledger_entry SET actor = 'someone else' WHERE list_id = ?");
            update.setLong(1, listId);
            assertThatThrownBy(update::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            var delete = connection.prepareStatement("DELETE FROM ledger_entry WHERE list_id = ?");
            delete.setLong(1, listId);
            assertThatThrownBy(delete::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND actor = 'someone else'",
                Map.of("id", listId), Long.class)).isZero();
    }

    @Test
    void theApplicationRoleMayStillAppend() {
        long before = entries();
        jdbc.update("""
                INSERT INTO ledger_entry (occurred_at, actor, action, list_id, detail)
                VALUES (now(), 'test', 'RECONCILIATION_IMPORTED', :id, 'appending is allowed')""", Map.of("id", listId));
        assertThat(entries()).isEqualTo(before + 1);
    }
}
