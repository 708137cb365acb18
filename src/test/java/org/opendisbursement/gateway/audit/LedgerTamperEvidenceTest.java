package org.opendisbursement.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DatabaseOwner;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A database superuser edits, deletes and slips in ledger rows behind the append-only triggers' back
 * ({@code session_replication_role = replica} switches them off); verification names each change. Every test puts
 * the ledger back as it was, so the shared database verifies clean again afterwards.
 */
@GatewayTest
class LedgerTamperEvidenceTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    LedgerSealer sealer;

    @Autowired
    DatabaseOwner owner;

    Api api;
    long listId;
    List<Long> entries;

    @BeforeEach
    void aSealedListWithHistory() throws Exception {
        api = new Api(port);
        listId = api.upload("maker", ListFile.of().beneficiaries("TE", 4), ListFile.fields(ListFile.uniqueProgramme())).id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/1/release").status()).isEqualTo(200);
        assertThat(sealer.sealCommitted(Duration.ofSeconds(30))).isNotNegative();
        entries = jdbc.queryForList("SELECT id FROM ledger_entry WHERE list_id = :id ORDER BY id", Map.of("id", listId), Long.class);
        assertThat(entries).hasSizeGreaterThanOrEqualTo(10);
    }

    private JsonNode verify(String query) {
        Api.Response response = api.get("auditor", "/api/ledger/verify" + query);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private JsonNode verifyList() {
        return verify("?list=" + listId);
    }

    @Test
    void aListNobodyTouchedVerifiesIntactAndSoDoesTheWholeLedger() {
        JsonNode list = verifyList();
        assertThat(list.get("intact").asBoolean()).isTrue();
        assertThat(list.get("sealedEntries").asLong()).isEqualTo(entries.size());
        assertThat(list.get("problems").asLong()).isZero();
        assertThat(list.get("horizon").asLong()).isGreaterThanOrEqualTo(entries.get(entries.size() - 1));

        // the sealer runs in the background: a chain may be begun while the whole ledger is verified
        int chainsBefore = sealedChains();
        JsonNode all = verify("");
        int chainsAfter = sealedChains();
        assertThat(all.get("findings")).as(all.toString()).isEmpty();
        assertThat(all.get("intact").asBoolean()).isTrue();
        assertThat(all.get("chains").asInt()).as("every sealed chain checked").isPositive().isBetween(chainsBefore, chainsAfter);
    }

    private int sealedChains() {
        return jdbc.queryForObject("SELECT count(DISTINCT chain) FROM ledger_seal", Map.of(), Integer.class);
    }

    @Test
    void anEntryEditedBySuperuserIsNamedAsAltered() throws Exception {
        long victim = entries.get(entries.size() / 2);
        Long amount = jdbc.queryForObject("SELECT amount_minor FROM ledger_entry WHERE id = :id", Map.of("id", victim), Long.class);
        owner.tamper("UPDATE ledger_entry SET amount_minor = 1 WHERE id = ?", victim);
        try {
            JsonNode result = verifyList();
            assertThat(result.get("intact").asBoolean()).isFalse();
            assertThat(result.get("problems").asLong()).isEqualTo(1);
            assertThat(result.get("firstProblem").get("kind").asString()).isEqualTo("ALTERED");
            assertThat(result.get("firstProblem").get("entryId").asLong()).isEqualTo(victim);
            assertThat(verify("").get("firstProblem").get("entryId").asLong()).isEqualTo(victim);
        } finally {
            owner.tamper("UPDATE ledger_entry SET amount_minor = ? WHERE id = ?", amount, victim);
        }
        assertThat(verifyList().get("intact").asBoolean()).isTrue();
    }

    @Test
    void anEntryDeletedBySuperuserIsNamedAsMissing() throws Exception {
        long victim = entries.get(2);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM ledger_entry WHERE id = :id", Map.of("id", victim));
        owner.tamper("DELETE FROM ledger_entry WHERE id = ?", victim);
        try {
            JsonNode result = verifyList();
            assertThat(result.get("intact").asBoolean()).isFalse();
            assertThat(result.get("firstProblem").get("kind").asString()).isEqualTo("MISSING");
            assertThat(result.get("firstProblem").get("entryId").asLong()).isEqualTo(victim);
            assertThat(result.get("problems").asLong()).isEqualTo(1);
        } finally {
            owner.tamper("""
                    INSERT INTO ledger_entry (id, occurred_at, actor, action, list_id, installment_id, beneficiary_id,
                                              amount_minor, currency, from_state, to_state, reference, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", row.get("id"), row.get("occurred_at"),
                    row.get("actor"), row.get("action"), row.get("list_id"), row.get("installment_id"),
                    row.get("beneficiary_id"), row.get("amount_minor"), row.get("currency"), row.get("from_state"),
                    row.get("to_state"), row.get("reference"), row.get("detail"));
        }
        assertThat(verifyList().get("intact").asBoolean()).isTrue();
    }

    @Test
    void anEntrySlippedInBelowTheSealedHorizonIsNamedAsInsertedAndNeverSealed() throws Exception {
        // an id nobody used (as a rolled-back insert leaves), below what is sealed next
        Long unused = jdbc.queryForObject("SELECT nextval(pg_get_serial_sequence('ledger_entry', 'id'))", Map.of(), Long.class);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/2/release").status()).isEqualTo(200);
        assertThat(sealer.sealCommitted(Duration.ofSeconds(30))).isPositive();

        owner.tamper("""
                INSERT INTO ledger_entry (id, occurred_at, actor, action, list_id, beneficiary_id, amount_minor, currency,
                                          from_state, to_state, detail)
                VALUES (?, now() - interval '3 days', 'checker', 'PAYOUT_CONFIRMED', ?, 'TE-0001', 250000, 'BDT',
                        'SUBMITTED', 'CONFIRMED', 'paid, honestly')""", unused, listId);
        try {
            sealer.sealCommitted(Duration.ofSeconds(30));
            JsonNode result = verifyList();
            assertThat(result.get("intact").asBoolean()).isFalse();
            assertThat(result.get("firstProblem").get("kind").asString()).isEqualTo("INSERTED");
            assertThat(result.get("firstProblem").get("entryId").asLong()).isEqualTo(unused);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_seal WHERE entry_id = :id", Map.of("id", unused),
                    Long.class)).isZero();
        } finally {
            owner.tamper("DELETE FROM ledger_entry WHERE id = ?", unused);
        }
        assertThat(verifyList().get("intact").asBoolean()).isTrue();
    }

    @Test
    void resealingAnEditedEntryBreaksTheLinkToTheNextEntryOfTheChain() throws Exception {
        long victim = entries.get(1);
        long next = entries.get(2);
        String detail = jdbc.queryForObject("SELECT detail FROM ledger_entry WHERE id = :id", Map.of("id", victim), String.class);
        byte[] sealed = jdbc.queryForObject("SELECT hash FROM ledger_seal WHERE entry_id = :id", Map.of("id", victim), byte[].class);
        owner.tamper("UPDATE ledger_entry SET detail = 'nothing happened' WHERE id = ?", victim);
        // the superuser recomputes the edited entry's hash with the documented recipe and rewrites its seal
        owner.tamper("""
                UPDATE ledger_seal s SET hash = sha256(s.prev_hash || convert_to(ledger_entry_canonical(e), 'UTF8'))
                FROM ledger_entry e WHERE e.id = s.entry_id AND s.entry_id = ?""", victim);
        try {
            JsonNode result = verifyList();
            assertThat(result.get("intact").asBoolean()).isFalse();
            assertThat(result.get("firstProblem").get("kind").asString()).isEqualTo("BROKEN_LINK");
            assertThat(result.get("firstProblem").get("entryId").asLong()).isEqualTo(next);
        } finally {
            owner.tamper("UPDATE ledger_entry SET detail = ? WHERE id = ?", detail, victim);
            owner.tamper("UPDATE ledger_seal SET hash = ? WHERE entry_id = ?", sealed, victim);
        }
        assertThat(verifyList().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aPublishedChainHeadIsCheckedAndAWrongOneIsReported() {
        JsonNode heads = api.get("auditor", "/api/ledger/heads?list=" + listId).body();
        JsonNode head = heads.get("chains").get(0);
        assertThat(head.get("listId").asLong()).isEqualTo(listId);
        assertThat(head.get("entries").asLong()).isEqualTo(entries.size());
        assertThat(head.get("headEntryId").asLong()).isEqualTo(entries.get(entries.size() - 1));
        assertThat(heads.get("root").asString()).hasSize(64);
        String anchor = head.get("headEntryId").asString() + ":" + head.get("headHash").asString();

        assertThat(verify("?list=" + listId + "&anchor=" + anchor).get("intact").asBoolean()).isTrue();

        String forged = head.get("headEntryId").asString() + ":" + "0".repeat(64);
        JsonNode result = verify("?list=" + listId + "&anchor=" + forged);
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstProblem").get("kind").asString()).isEqualTo("ANCHOR_MISMATCH");

        assertThat(api.get("auditor", "/api/ledger/heads").body().get("chains")).as("the whole ledger's heads include this list's")
                .anySatisfy(chain -> assertThat(chain.path("listId").asLong()).isEqualTo(listId));
    }

    @Test
    void theApplicationRoleCannotChangeOrRemoveSeals() {
        Map<String, Long> id = Map.of("id", entries.get(0));
        assertThatThrownBy(() -> jdbc.update("UPDATE ledger_seal SET hash = prev_hash WHERE entry_id = :id", id))
                .hasMessageContaining("ledger_seal");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM ledger_seal WHERE entry_id = :id", id))
                .hasMessageContaining("ledger_seal");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM ledger_seal_batch WHERE to_id >= :id", id))
                .hasMessageContaining("ledger_seal_batch");
        assertThatThrownBy(() -> jdbc.getJdbcTemplate().execute("TRUNCATE ledger_seal"))
                .hasMessageContaining("ledger_seal");
    }

    @Test
    void theAuditSealRouteSealsNewEntriesInTheBackground() throws Exception {
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/2/release").status()).isEqualTo(200);
        long last = jdbc.queryForObject("SELECT max(id) FROM ledger_entry WHERE list_id = :id", Map.of("id", listId), Long.class);
        NotifyBuilder sealRound = new NotifyBuilder(camel).fromRoute("audit.seal").whenCompleted(1).create();
        DispatchRunning.await("the audit.seal route to seal entry " + last, Duration.ofSeconds(20),
                () -> jdbc.queryForObject("SELECT count(*) FROM ledger_seal WHERE entry_id = :id", Map.of("id", last),
                        Long.class) == 1);
        assertThat(sealRound.matches(10, TimeUnit.SECONDS)).as("sealed by the audit.seal route").isTrue();
        assertThat(verifyList().get("intact").asBoolean()).isTrue();
    }
}
