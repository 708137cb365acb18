package org.opendisbursement.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DatabaseOwner;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.ScheduledRoute;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The attacks an intruder with the database owner's (or superuser's) rights can make on the evidence itself, and how
 * verification names them, on the real PostgreSQL of the test run: history rewritten and every hash after it
 * recomputed (the chains then agree with themselves, only the anchors kept outside the database tell), the anchor
 * file edited, sealing rounds recorded out of turn or with seals removed, a seal filed in another list's chain or
 * slipped in outside every round. Each test puts everything back as it was (the database, and the anchor file byte for
 * byte), and stops the {@code audit.seal} route while seals are out of place, so the shared database verifies clean.
 */
@GatewayTest
class LedgerAnchorsTest {

    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S+)");

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    LedgerSealer sealer;

    @Autowired
    LedgerHeads heads;

    @Autowired
    AnchorLog anchorLog;

    @Autowired
    DatabaseOwner owner;

    Api api;
    long listId;
    List<Long> entries;

    @BeforeEach
    void aSealedListWithHistory() throws Exception {
        api = new Api(port);
        listId = api.upload("maker", ListFile.of().beneficiaries("AN", 4), ListFile.fields(ListFile.uniqueProgramme())).id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/1/release").status()).isEqualTo(200);
        assertThat(sealer.sealCommitted(Duration.ofSeconds(30))).isNotNegative();
        entries = jdbc.queryForList("SELECT id FROM ledger_entry WHERE list_id = :id ORDER BY id", Map.of("id", listId), Long.class);
        assertThat(entries).hasSizeGreaterThanOrEqualTo(8);
    }

    private long anchor() throws Exception {
        return (Long) ScheduledRoute.fire(camel, "audit.anchor");
    }

    private List<String> anchorLines() throws Exception {
        if (!Files.exists(anchorLog.file())) {
            return List.of();
        }
        return Files.readAllLines(anchorLog.file(), StandardCharsets.US_ASCII);
    }

    private static String field(String line, String name) {
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no " + name + " in " + line);
    }

    private JsonNode verify(String query) {
        Api.Response response = api.get("auditor", "/api/ledger/verify" + query);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private static List<String> kinds(JsonNode verification) {
        List<String> kinds = new ArrayList<>();
        verification.get("findings").forEach(f -> kinds.add(f.get("kind").asString()));
        return kinds;
    }

    private JsonNode finding(JsonNode verification, String kind) {
        for (JsonNode f : verification.get("findings")) {
            if (f.get("kind").asString().equals(kind)) {
                return f;
            }
        }
        throw new AssertionError("no " + kind + " finding in " + verification);
    }

    /** Runs {@code body} with the seal route stopped: nothing may be sealed onto seals that are out of place. */
    private void withoutSealing(ThrowingRunnable body) throws Exception {
        camel.getRouteController().stopRoute("audit.seal");
        try {
            body.run();
        } finally {
            camel.getRouteController().startRoute("audit.seal");
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void theAnchorRouteAppendsTheHeadsUnderAMacChainedToTheLineBeforeAndAuditorsMayCopyTheFile() throws Exception {
        int before = anchorLines().size();
        long first = anchor();
        long second = anchor();
        List<String> lines = anchorLines();
        assertThat(lines).hasSize(before + 2);
        String last = lines.get(lines.size() - 1);
        String previous = lines.get(lines.size() - 2);
        assertThat(last).matches("v1 \\S+ horizon=[0-9]+ chains=[0-9]+ heads=[0-9a-f]{64} prev=[0-9a-f]{64} mac=[0-9a-f]{64}");
        assertThat(field(last, "prev")).isEqualTo(field(previous, "mac"));
        assertThat(Long.parseLong(field(previous, "horizon"))).isEqualTo(first);
        assertThat(Long.parseLong(field(last, "horizon"))).isEqualTo(second).isGreaterThanOrEqualTo(entries.get(entries.size() - 1));
        LedgerHeads.Root root = heads.at(second);
        assertThat(field(last, "heads")).isEqualTo(root.root());
        assertThat(Integer.parseInt(field(last, "chains"))).isEqualTo(root.chains()).isPositive();
        assertThat(field(last, "mac")).isEqualTo(anchorLog.mac(last.substring(0, last.indexOf(" mac="))));
        // an auditor recomputes an anchored line's heads with the README's SQL
        assertThat(jdbc.queryForObject("""
                SELECT encode(sha256(convert_to(coalesce(string_agg(h.chain || ':' || h.entry_id || ':' || encode(h.hash, 'hex')
                                                                    || E'\\n', '' ORDER BY h.chain), ''), 'UTF8')), 'hex')
                FROM (SELECT DISTINCT ON (chain) chain, entry_id, hash FROM ledger_seal
                      WHERE entry_id <= :horizon ORDER BY chain, entry_id DESC) h""", Map.of("horizon", second), String.class))
                .isEqualTo(field(last, "heads"));

        Api.Response copy = api.get("auditor", "/api/ledger/anchors");
        assertThat(copy.status()).isEqualTo(200);
        assertThat(copy.text()).startsWith(String.join("\n", lines.subList(0, before + 2)) + "\n");
        assertThat(api.get("maker", "/api/ledger/anchors").status()).isEqualTo(403);
        assertThat(api.get("ops", "/api/ledger/anchors").status()).isEqualTo(403);

        JsonNode verification = verify("");
        assertThat(verification.get("findings")).as(verification.toString()).isEmpty();
        assertThat(verification.get("anchoring").get("lines").asInt()).isGreaterThanOrEqualTo(before + 2);
        assertThat(verification.get("anchoring").get("checked").asInt())
                .isEqualTo(verification.get("anchoring").get("trusted").asInt())
                .isEqualTo(verification.get("anchoring").get("lines").asInt());
        assertThat(verification.get("rounds").asLong()).isPositive();
        assertThat(verify("?list=" + listId).has("anchoring")).as("one list: anchors concern the whole ledger").isFalse();
    }

    @Test
    void historyRewrittenAndRehashedByTheOwnerAgreesWithItselfButNotWithTheAnchors() throws Exception {
        long anchored = anchor();
        long victim = entries.get(2);
        Long amount = jdbc.queryForObject("SELECT amount_minor FROM ledger_entry WHERE id = :id", Map.of("id", victim), Long.class);
        List<Map<String, Object>> seals = jdbc.queryForList(
                "SELECT entry_id, prev_hash, hash FROM ledger_seal WHERE chain = :list AND entry_id >= :victim ORDER BY entry_id",
                Map.of("list", listId, "victim", victim));
        withoutSealing(() -> {
            // the intruder edits an entry and recomputes every hash of its chain from there on, with the published recipe
            owner.tamper("UPDATE ledger_entry SET amount_minor = 1 WHERE id = ?", victim);
            owner.tamper("""
                    WITH head AS (
                        SELECT coalesce((SELECT hash FROM ledger_seal WHERE chain = ? AND entry_id < ? ORDER BY entry_id DESC LIMIT 1),
                                        decode(repeat('00', 32), 'hex')) AS h
                    ), rehashed AS (
                        SELECT s.entry_id, head.h,
                               ledger_chain_hash(head.h, ledger_entry_canonical(e)) OVER (ORDER BY s.entry_id) AS hash
                        FROM ledger_seal s JOIN ledger_entry e ON e.id = s.entry_id, head
                        WHERE s.chain = ? AND s.entry_id >= ?
                    ), linked AS (
                        SELECT entry_id, hash, coalesce(lag(hash) OVER (ORDER BY entry_id), h) AS prev FROM rehashed
                    )
                    UPDATE ledger_seal s SET hash = linked.hash, prev_hash = linked.prev
                    FROM linked WHERE s.entry_id = linked.entry_id""", listId, victim, listId, victim);
            try {
                JsonNode list = verify("?list=" + listId);
                assertThat(list.get("intact").asBoolean()).as("the rewritten chain agrees with itself: " + list).isTrue();

                JsonNode whole = verify("");
                assertThat(whole.get("intact").asBoolean()).isFalse();
                assertThat(kinds(whole)).containsExactly("REWRITTEN");
                JsonNode rewritten = finding(whole, "REWRITTEN");
                assertThat(rewritten.get("entryId").asLong()).isGreaterThanOrEqualTo(victim);
                assertThat(rewritten.get("detail").asString()).startsWith("history before ").contains("was rewritten");
            } finally {
                owner.tamper("UPDATE ledger_entry SET amount_minor = ? WHERE id = ?", amount, victim);
                for (Map<String, Object> seal : seals) {
                    owner.tamper("UPDATE ledger_seal SET prev_hash = ?, hash = ? WHERE entry_id = ?", seal.get("prev_hash"),
                            seal.get("hash"), seal.get("entry_id"));
                }
            }
        });
        assertThat(anchored).isGreaterThanOrEqualTo(victim);
        assertThat(verify("").get("findings")).isEmpty();
    }

    @Test
    void anAnchorLineEditedRemovedOrForgedWithoutTheKeyIsNamed() throws Exception {
        anchor();
        anchor();
        anchor();
        byte[] original = Files.readAllBytes(anchorLog.file());
        List<String> lines = anchorLines();
        int n = lines.size();
        try {
            // a line's heads edited to match a rewritten ledger: its MAC no longer holds
            List<String> edited = new ArrayList<>(lines);
            String line = edited.get(n - 2);
            String heads = field(line, "heads");
            edited.set(n - 2, line.replace("heads=" + heads, "heads=" + (heads.charAt(0) == 'a' ? 'b' : 'a') + heads.substring(1)));
            write(edited);
            JsonNode result = verify("");
            assertThat(result.get("intact").asBoolean()).isFalse();
            assertThat(kinds(result)).containsExactly("ANCHOR_LOG");
            assertThat(finding(result, "ANCHOR_LOG").get("detail").asString())
                    .contains("line " + (n - 1) + " of the anchor file").contains("does not carry its MAC");

            // a line removed: the next one no longer follows
            List<String> cut = new ArrayList<>(lines);
            cut.remove(n - 2);
            write(cut);
            assertThat(finding(verify(""), "ANCHOR_LOG").get("detail").asString())
                    .contains("line " + (n - 1) + " of the anchor file").contains("does not follow the line before it");

            // a line forged under another key, chained properly
            List<String> forged = new ArrayList<>(lines);
            String body = "v1 2030-01-01T00:00:00Z horizon=" + field(lines.get(n - 1), "horizon") + " chains=1 heads="
                    + "0".repeat(64) + " prev=" + field(lines.get(n - 1), "mac");
            forged.add(body + " mac=" + new AnchorLog(anchorLog.file(), "not the key".getBytes(StandardCharsets.UTF_8)).mac(body));
            write(forged);
            assertThat(kinds(verify(""))).containsExactly("ANCHOR_LOG");
        } finally {
            Files.write(anchorLog.file(), original);
        }
        assertThat(verify("").get("intact").asBoolean()).isTrue();
    }

    private void write(List<String> lines) throws Exception {
        Files.writeString(anchorLog.file(), String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
    }

    @Test
    void sealingRoundsWithAGapAnOverlapOrSealsRemovedAreNamed() throws Exception {
        withoutSealing(() -> {
            sealer.sealCommitted(Duration.ofSeconds(30));
            long horizon = SealedHorizon.read(jdbc).horizon();
            // a round recorded out of turn, behind the triggers' back: ids horizon+1 .. horizon+5 skipped
            owner.tamper("INSERT INTO ledger_seal_batch (from_id, to_id, entries, chains, sealed_at) VALUES (?, ?, 0, 0, now())",
                    horizon + 5, horizon + 6);
            try {
                JsonNode gap = verify("");
                assertThat(kinds(gap)).contains("ROUND_GAP");
                assertThat(finding(gap, "ROUND_GAP").get("entryId").asLong()).isEqualTo(horizon + 1);
                assertThat(finding(gap, "ROUND_GAP").get("detail").asString()).contains("were never sealed in turn");
            } finally {
                owner.tamper("DELETE FROM ledger_seal_batch WHERE from_id = ? AND to_id = ?", horizon + 5, horizon + 6);
            }
            // one that overlaps the last round
            Map<String, Object> last = jdbc.queryForMap("SELECT from_id, to_id FROM ledger_seal_batch ORDER BY to_id DESC LIMIT 1", Map.of());
            long lastFrom = ((Number) last.get("from_id")).longValue();
            owner.tamper("INSERT INTO ledger_seal_batch (from_id, to_id, entries, chains, sealed_at) VALUES (?, ?, 0, 0, now())",
                    lastFrom, horizon + 1);
            try {
                JsonNode overlap = verify("");
                assertThat(kinds(overlap)).contains("ROUND_GAP");
                assertThat(finding(overlap, "ROUND_GAP").get("detail").asString()).contains("two rounds overlap");
            } finally {
                owner.tamper("DELETE FROM ledger_seal_batch WHERE from_id = ? AND to_id = ?", lastFrom, horizon + 1);
            }
            // the head of a chain removed with its entry: no link breaks, but its round holds a seal less than it made
            long head = entries.get(entries.size() - 1);
            Map<String, Object> entry = jdbc.queryForMap("SELECT * FROM ledger_entry WHERE id = :id", Map.of("id", head));
            Map<String, Object> seal = jdbc.queryForMap("SELECT * FROM ledger_seal WHERE entry_id = :id", Map.of("id", head));
            owner.tamper("DELETE FROM ledger_seal WHERE entry_id = ?", head);
            owner.tamper("DELETE FROM ledger_entry WHERE id = ?", head);
            try {
                JsonNode count = verify("");
                assertThat(kinds(count)).contains("ROUND_COUNT");
                assertThat(finding(count, "ROUND_COUNT").get("detail").asString()).contains("seals were removed with their entries");
                assertThat(verify("?list=" + listId).get("intact").asBoolean())
                        .as("the list's chain alone cannot tell its last entry is gone").isTrue();
            } finally {
                owner.tamper("""
                        INSERT INTO ledger_entry (id, occurred_at, actor, action, list_id, installment_id, beneficiary_id,
                                                  amount_minor, currency, from_state, to_state, reference, detail)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entry.get("id"), entry.get("occurred_at"),
                        entry.get("actor"), entry.get("action"), entry.get("list_id"), entry.get("installment_id"),
                        entry.get("beneficiary_id"), entry.get("amount_minor"), entry.get("currency"),
                        entry.get("from_state"), entry.get("to_state"), entry.get("reference"), entry.get("detail"));
                owner.tamper("INSERT INTO ledger_seal (entry_id, chain, prev_hash, hash, sealed_at) VALUES (?, ?, ?, ?, ?)",
                        seal.get("entry_id"), seal.get("chain"), seal.get("prev_hash"), seal.get("hash"), seal.get("sealed_at"));
            }
        });
        assertThat(verify("").get("findings")).isEmpty();
    }

    @Test
    void aSealFiledInAnotherChainOrOutsideEveryRoundIsNamed() throws Exception {
        withoutSealing(() -> {
            sealer.sealCommitted(Duration.ofSeconds(30));
            long moved = entries.get(entries.size() - 1);
            // the list's last seal moved to the chain of entries of no list
            owner.tamper("UPDATE ledger_seal SET chain = 0 WHERE entry_id = ?", moved);
            try {
                JsonNode whole = verify("");
                assertThat(finding(whole, "WRONG_CHAIN").get("entryId").asLong()).isEqualTo(moved);
                JsonNode list = verify("?list=" + listId);
                assertThat(kinds(list)).containsExactly("WRONG_CHAIN");
                assertThat(finding(list, "WRONG_CHAIN").get("detail").asString())
                        .isEqualTo("entry " + moved + " belongs to list " + listId + " but is sealed in the chain of no list");
            } finally {
                owner.tamper("UPDATE ledger_seal SET chain = ? WHERE entry_id = ?", listId, moved);
            }

            // an entry written after the last round, sealed by hand (hash and link right) before any round reached it
            long late = jdbc.queryForObject("""
                    INSERT INTO ledger_entry (occurred_at, actor, action, list_id, detail)
                    VALUES (now(), 'test', 'RECONCILIATION_IMPORTED', :list, 'sealed out of turn') RETURNING id""",
                    Map.of("list", listId), Long.class);
            owner.tamper("""
                    INSERT INTO ledger_seal (entry_id, chain, prev_hash, hash, sealed_at)
                    SELECT e.id, e.list_id, p.hash, sha256(p.hash || convert_to(ledger_entry_canonical(e), 'UTF8')), now()
                    FROM ledger_entry e, LATERAL (SELECT hash FROM ledger_seal WHERE chain = e.list_id AND entry_id < e.id
                                                  ORDER BY entry_id DESC LIMIT 1) p
                    WHERE e.id = ?""", late);
            try {
                JsonNode outOfTurn = verify("");
                assertThat(kinds(outOfTurn)).containsExactly("OUT_OF_TURN");
                assertThat(finding(outOfTurn, "OUT_OF_TURN").get("entryId").asLong()).isEqualTo(late);
            } finally {
                owner.tamper("DELETE FROM ledger_seal WHERE entry_id = ?", late);
            }
            sealer.sealCommitted(Duration.ofSeconds(30));
        });
        assertThat(verify("").get("findings")).isEmpty();
    }
}
