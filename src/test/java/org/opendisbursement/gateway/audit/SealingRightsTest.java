package org.opendisbursement.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DatabaseOwner;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * What the application's own database role ({@code gateway_app}, the gateway's connection pool) can do against the
 * evidence, on the real PostgreSQL of the test run: nothing. The schema is its owner's (Flyway migrated as the owner),
 * so the role can neither alter nor switch off a trigger, nor replace the sealing function; it may not insert a seal
 * or a sealing round at all, so an entry it slips in below the sealed horizon stays unsealed and named; it can only
 * ask the database for the next round, which the database makes from the entries as they stand.
 */
@GatewayTest
class SealingRightsTest {

    @LocalServerPort
    int port;

    /** The gateway's own connection: the application's role. */
    @Autowired
    NamedParameterJdbcTemplate app;

    @Autowired
    LedgerSealer sealer;

    @Autowired
    LedgerVerifier verifier;

    @Autowired
    DatabaseOwner owner;

    @Value("${spring.flyway.user}")
    String ownerRole;

    long listId;
    List<Long> entries;

    @BeforeEach
    void aSealedList() throws Exception {
        Api api = new Api(port);
        listId = api.upload("maker", ListFile.of().beneficiaries("SR", 3), ListFile.fields(ListFile.uniqueProgramme())).id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(sealer.sealCommitted(Duration.ofSeconds(30))).isNotNegative();
        entries = app.queryForList("SELECT id FROM ledger_entry WHERE list_id = :id ORDER BY id", Map.of("id", listId), Long.class);
    }

    @Test
    void theOwnerMigratedTheSchemaAndTheApplicationIsAnotherRoleWithoutRightsOverIt() throws Exception {
        String appRole = app.queryForObject("SELECT current_user", Map.of(), String.class);
        assertThat(appRole).isEqualTo("gateway_app").isNotEqualTo(ownerRole);
        assertThat(app.queryForObject("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
                Map.of(), Boolean.class)).isFalse();
        try (Connection c = owner.connect(); Statement s = c.createStatement();
             var migratedBy = s.executeQuery("SELECT string_agg(DISTINCT installed_by, ',') FROM flyway_schema_history")) {
            assertThat(migratedBy.next()).isTrue();
            assertThat(migratedBy.getString(1)).as("every migration ran as the owner").isEqualTo(ownerRole);
        }
        assertThat(app.queryForList("""
                SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class
                WHERE relname IN ('ledger_entry', 'ledger_seal', 'ledger_seal_batch', 'access_log')""", Map.of(), String.class))
                .containsExactly(ownerRole);
        assertThat(app.queryForObject("""
                SELECT pg_get_userbyid(proowner) || ' ' || prosecdef FROM pg_proc WHERE proname = 'ledger_seal_next'""",
                Map.of(), String.class)).isEqualTo(ownerRole + " true");
        // what the role may do to the evidence: read it, and ask for the next sealing round
        assertThat(app.queryForList("""
                SELECT t || ':' || p FROM unnest(ARRAY['ledger_entry', 'ledger_seal', 'ledger_seal_batch']) t,
                                          unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) p
                WHERE has_table_privilege(current_user, t, p) ORDER BY 1""", Map.of(), String.class))
                .containsExactly("ledger_entry:INSERT", "ledger_entry:SELECT", "ledger_seal:SELECT", "ledger_seal_batch:SELECT");
        assertThat(app.queryForObject("SELECT has_schema_privilege(current_user, 'public', 'CREATE')", Map.of(), Boolean.class))
                .as("nothing the sealing function could be misled into calling can be created").isFalse();
    }

    @Test
    void theApplicationRoleCannotSwitchOffAlterOrReplaceTheGuards() {
        for (String sql : List.of(
                "SET session_replication_role = replica",
                "ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_no_update_delete",
                "ALTER TABLE ledger_entry DISABLE TRIGGER ALL",
                "ALTER TABLE ledger_seal DISABLE TRIGGER USER",
                "DROP TRIGGER ledger_seal_batch_in_turn ON ledger_seal_batch",
                "CREATE OR REPLACE FUNCTION ledger_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
                "CREATE OR REPLACE FUNCTION ledger_seal_next(target bigint, max_ids integer) RETURNS bigint LANGUAGE sql AS $$ SELECT 0::bigint $$",
                "ALTER FUNCTION ledger_seal_next(bigint, integer) SECURITY INVOKER",
                "CREATE FUNCTION public.ledger_canonical_text(t varchar) RETURNS text LANGUAGE sql AS $$ SELECT 'forged' $$",
                "ALTER TABLE ledger_seal OWNER TO gateway_app")) {
            assertThatThrownBy(() -> app.getJdbcTemplate().execute(sql)).as(sql).rootCause()
                    .hasMessageMatching("(?s).*(permission denied|must be owner).*");
        }
    }

    @Test
    void aSealWithAWrongHashPrevOrChainOrARoundOutOfTurnIsRefusedToTheApplicationRole() {
        long head = entries.get(entries.size() - 1);
        long horizon = SealedHorizon.read(app).horizon();
        // every way the role could try to file a seal: a wrong hash, a wrong previous hash, another chain; and rounds
        for (String sql : List.of(
                "INSERT INTO ledger_seal (entry_id, chain, prev_hash, hash, sealed_at) "
                        + "SELECT :id, :chain, hash, hash, now() FROM ledger_seal WHERE entry_id = :head",
                "INSERT INTO ledger_seal (entry_id, chain, prev_hash, hash, sealed_at) "
                        + "VALUES (:id, :chain, decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'), now())",
                "INSERT INTO ledger_seal (entry_id, chain, prev_hash, hash, sealed_at) "
                        + "VALUES (:id, 0, decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'), now())",
                "INSERT INTO ledger_seal_batch (from_id, to_id, entries, chains, sealed_at) VALUES (:horizon, :horizon + 1000, 0, 0, now())",
                "INSERT INTO ledger_seal_batch (from_id, to_id, entries, chains, sealed_at) VALUES (:horizon + 5, :horizon + 6, 0, 0, now())")) {
            assertThatThrownBy(() -> app.update(sql, Map.of("id", head + 1_000_000, "chain", listId, "head", head,
                    "horizon", horizon))).as(sql).rootCause().hasMessageContaining("permission denied for table");
        }
        // nor may it ask for a round beyond the ids handed out (to mark entries that do not exist yet as sealed)
        assertThatThrownBy(() -> app.queryForObject("SELECT ledger_seal_next(:target, 100)",
                Map.of("target", Long.MAX_VALUE / 2), Long.class)).rootCause().hasMessageContaining("no ledger id above");
    }

    @Test
    void anEntryTheApplicationRoleSlipsInBelowTheHorizonCanNeverBeSealedAndIsNamed() throws Exception {
        // an id the sequence handed out and nobody used (a rolled-back insert), then sealed past
        Long unused = app.queryForObject("SELECT nextval(pg_get_serial_sequence('ledger_entry', 'id'))", Map.of(), Long.class);
        app.update("INSERT INTO ledger_entry (occurred_at, actor, action, list_id, detail) "
                + "VALUES (now(), 'test', 'RECONCILIATION_IMPORTED', :list, 'sealed past the unused id')", Map.of("list", listId));
        assertThat(sealer.sealCommitted(Duration.ofSeconds(30))).isPositive();
        assertThat(SealedHorizon.read(app).horizon()).isGreaterThan(unused);

        // the application's role has INSERT on the ledger: it writes into the hole, and tries to seal what it wrote
        app.update("INSERT INTO ledger_entry (id, occurred_at, actor, action, list_id, detail) "
                + "VALUES (:id, now() - interval '2 days', 'checker', 'PAYOUT_SETTLED_PAID', :list, 'paid, honestly')",
                Map.of("id", unused, "list", listId));
        try {
            assertThatThrownBy(() -> app.update("""
                    INSERT INTO ledger_seal (entry_id, chain, prev_hash, hash, sealed_at)
                    SELECT e.id, e.list_id, p.hash, sha256(p.hash || convert_to(ledger_entry_canonical(e), 'UTF8')), now()
                    FROM ledger_entry e, LATERAL (SELECT hash FROM ledger_seal WHERE chain = e.list_id AND entry_id < e.id
                                                  ORDER BY entry_id DESC LIMIT 1) p
                    WHERE e.id = :id""", Map.of("id", unused))).rootCause()
                    .hasMessageContaining("permission denied for table ledger_seal");
            sealer.sealCommitted(Duration.ofSeconds(30));
            assertThat(app.queryForObject("SELECT count(*) FROM ledger_seal WHERE entry_id = :id", Map.of("id", unused),
                    Long.class)).as("the database seals only above the horizon").isZero();

            LedgerVerifier.Verification verification = verifier.verify(listId, List.of());
            assertThat(verification.intact()).isFalse();
            assertThat(verification.findings()).singleElement().satisfies(f -> {
                assertThat(f.kind()).isEqualTo(LedgerVerifier.Kind.INSERTED);
                assertThat(f.entryId()).isEqualTo(unused);
            });
        } finally {
            owner.tamper("DELETE FROM ledger_entry WHERE id = ?", unused);
        }
        assertThat(verifier.verify(listId, List.of()).intact()).isTrue();
    }

    @Test
    void evenTheOwnerMayRecordASealingRoundOnlyInTurnWhileTheTriggersAreOn() throws Exception {
        long horizon = SealedHorizon.read(app).horizon();
        try (Connection c = owner.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO ledger_seal_batch (from_id, to_id, entries, chains, sealed_at) "
                    + "VALUES (" + (horizon + 10) + ", " + (horizon + 20) + ", 0, 0, now())"))
                    .hasMessageContaining("a sealing round must begin where the last one ended");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO ledger_seal_batch (from_id, to_id, entries, chains, sealed_at) "
                    + "VALUES (" + Math.max(0, horizon - 1) + ", " + (horizon + 20) + ", 0, 0, now())"))
                    .hasMessageContaining("a sealing round must begin where the last one ended");
        }
    }
}
