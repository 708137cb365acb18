package org.opendisbursement.gateway.installments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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

/**
 * The database owns the history of installment state (migration V8): any UPDATE that changes a state must name its
 * ledger action and actor, and the {@code installment_history} trigger writes the entry, whoever sends the SQL.
 */
@GatewayTest
class InstallmentHistoryTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    DatabaseOwner owner;

    long listId;
    long installmentId;

    @BeforeEach
    void aPlannedInstallment() {
        Api api = new Api(port);
        listId = api.upload("maker", ListFile.of().beneficiaries("IH", 2), ListFile.fields(ListFile.uniqueProgramme())).id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        installmentId = jdbc.queryForObject("SELECT min(id) FROM installment WHERE list_id = :id AND state = 'PLANNED'",
                Map.of("id", listId), Long.class);
    }

    private Map<String, Object> installment() {
        return jdbc.queryForMap("SELECT * FROM installment WHERE id = :id", Map.of("id", installmentId));
    }

    private List<Map<String, Object>> history() {
        return jdbc.queryForList("""
                SELECT actor, action, from_state, to_state, detail, reference FROM ledger_entry
                WHERE list_id = :list AND installment_id = :id ORDER BY id""", Map.of("list", listId, "id", installmentId));
    }

    @Test
    void aStateChangeThatNamesNoLedgerActionIsRefused() {
        assertThatThrownBy(() -> jdbc.update("UPDATE installment SET state = 'READY' WHERE id = :id", Map.of("id", installmentId)))
                .hasMessageContaining("without naming its ledger action and actor");

        assertThat(installment()).containsEntry("state", "PLANNED");
        assertThat(history()).isEmpty();
    }

    @Test
    void aNamedStateChangeIsWrittenToTheLedgerByTheDatabase() {
        jdbc.update("""
                UPDATE installment SET state = 'READY', updated_at = now(),
                       change_action = 'INSTALLMENT_RELEASED', change_actor = 'someone', change_detail = 'by hand'
                WHERE id = :id""", Map.of("id", installmentId));

        assertThat(history()).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("actor", "someone").containsEntry("action", "INSTALLMENT_RELEASED")
                .containsEntry("from_state", "PLANNED").containsEntry("to_state", "READY")
                .containsEntry("detail", "by hand")
                .containsEntry("reference", installment().get("provider_reference").toString()));
        assertThat(installment()).containsEntry("change_action", null).containsEntry("last_action", "INSTALLMENT_RELEASED")
                .containsEntry("last_actor", "someone");
    }

    @Test
    void theNextChangeCannotBorrowTheNameOfTheLastOne() {
        jdbc.update("""
                UPDATE installment SET state = 'READY', change_action = 'INSTALLMENT_RELEASED', change_actor = 'someone'
                WHERE id = :id""", Map.of("id", installmentId));

        assertThatThrownBy(() -> jdbc.update("UPDATE installment SET state = 'SUBMITTED' WHERE id = :id",
                Map.of("id", installmentId))).hasMessageContaining("without naming its ledger action");
        assertThatThrownBy(() -> jdbc.update("UPDATE installment SET last_action = 'PAYOUT_CONFIRMED' WHERE id = :id",
                Map.of("id", installmentId))).hasMessageContaining("without naming its ledger action");
        assertThat(installment()).containsEntry("state", "READY");
        assertThat(history()).hasSize(1);
    }

    @Test
    void aSetBasedChangeWritesOneEntryPerInstallmentInOneStatement() {
        int moved = jdbc.update("""
                UPDATE installment SET state = 'READY', change_action = 'INSTALLMENT_RELEASED', change_actor = 'scheduler',
                       change_detail = 'due (installment ' || number || ')'
                WHERE list_id = :list AND state = 'PLANNED'""", Map.of("list", listId));

        assertThat(moved).isEqualTo(6);
        assertThat(jdbc.queryForList("""
                SELECT detail FROM ledger_entry WHERE list_id = :list AND action = 'INSTALLMENT_RELEASED' ORDER BY id""",
                Map.of("list", listId), String.class)).hasSize(6).contains("due (installment 1)", "due (installment 3)");
    }

    @Test
    void leasingTheNextAttemptTimeChangesNoStateAndWritesNothing() {
        jdbc.update("UPDATE installment SET next_attempt_at = now() + interval '1 minute' WHERE id = :id",
                Map.of("id", installmentId));

        assertThat(history()).isEmpty();
    }

    @Test
    void theFactsOfAnInstallmentAreFixedAndItIsNeverDeletedEvenByTheOwner() throws SQLException {
        Map<String, Long> id = Map.of("id", installmentId);
        assertThatThrownBy(() -> jdbc.update("""
                UPDATE installment SET amount_minor = 1, change_action = 'INSTALLMENT_RELEASED', change_actor = 'x'
                WHERE id = :id""", id)).hasMessageContaining("fixed once planned");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM installment WHERE id = :id", id))
                .rootCause().hasMessageContaining("permission denied");
        try (Connection connection = owner.connect()) {
            var delete = connection.prepareStatement("DELETE FROM installment WHERE id = ?");
            delete.setLong(1, installmentId);
            assertThatThrownBy(delete::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("never deleted");
        }
        assertThat(installment()).containsEntry("state", "PLANNED").containsEntry("amount_minor", 250_000L);
    }

    @Test
    void anActionTheLedgerDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> jdbc.update("""
                UPDATE installment SET state = 'READY', change_action = 'PAID_SOMEHOW', change_actor = 'x' WHERE id = :id""",
                Map.of("id", installmentId))).hasMessageContaining("ledger_entry_action_known");
        assertThat(installment()).containsEntry("state", "PLANNED");
    }
}
