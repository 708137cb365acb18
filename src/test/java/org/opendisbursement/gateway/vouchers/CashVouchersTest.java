package org.opendisbursement.gateway.vouchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendisbursement.gateway.vouchers.CashLists.cash;
import static org.opendisbursement.gateway.vouchers.CashLists.installmentState;
import static org.opendisbursement.gateway.vouchers.CashLists.ledgerCount;
import static org.opendisbursement.gateway.vouchers.CashLists.wallet;

import tools.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A list with cash beneficiaries at two distribution points, from release to the last voucher: two sheets and
 * registers, online and offline redemptions, each voucher paid once and only once, the rest expired, and the ledger
 * agreeing with every installment.
 */
@GatewayTest
class CashVouchersTest {

    private static final ZoneId DHAKA = ZoneId.of("Asia/Dhaka");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    VoucherExpiry expiry;

    @Autowired
    CamelContext camel;

    Api api;
    SheetClient sheets;

    @BeforeEach
    void clients() {
        api = new Api(port);
        sheets = new SheetClient(port);
        CashLists.forgiveWrongCodes(jdbc);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
        CashLists.forgiveWrongCodes(jdbc);
    }

    @Test
    void aListWithCashAtTwoPointsPrintsTwoSheetsAndEveryVoucherIsPaidOnceOrExpires() {
        long listId = CashLists.released(api, ListFile.of()
                .row(cash("D-1", "রহিমা খাতুন", 5000, 2, "Dacope Union"))
                .row(cash("D-2", "ফাতেমা বেগম", 5000, 2, "Dacope  Union"))
                .row(cash("D-3", "মালতী দাস", 5000, 2, "Dacope Union"))
                .row(cash("K-1", "Anwara Begum", 5000, 2, "Koyra Union"))
                .row(cash("K-2", "শিরিন আক্তার", 5000, 2, "Koyra Union"))
                .row(wallet("W-1", "Shirin Akter")));

        SheetClient.Sheet dacope = sheets.sheet("maker", listId, 1, "Dacope Union", null);
        assertThat(dacope.status()).as(dacope.text()).isEqualTo(200);
        assertThat(dacope.printed()).isEqualTo(3);
        assertThat(dacope.text()).contains("রহিমা খাতুন", "ফাতেমা বেগম", "মালতী দাস", "Distribution register",
                "BDT 2,500.00", "Two thousand five hundred taka only", "3 vouchers, total BDT 7,500.00");
        List<String> dacopeCodes = SheetClient.codes(dacope.text());
        assertThat(dacopeCodes).hasSize(3).doesNotHaveDuplicates();

        SheetClient.Sheet koyra = sheets.sheet("checker", listId, 1, "koyra union", null);
        assertThat(koyra.status()).as(koyra.text()).isEqualTo(200);
        assertThat(koyra.printed()).isEqualTo(2);
        assertThat(koyra.text()).contains("Anwara Begum", "শিরিন আক্তার").doesNotContain("রহিমা খাতুন");
        List<String> koyraCodes = SheetClient.codes(koyra.text());
        assertThat(koyraCodes).hasSize(2).doesNotContainAnyElementsOf(dacopeCodes);
        assertThat(installmentState(jdbc, listId, "D-1", 1)).isEqualTo("PENDING");
        assertThat(installmentState(jdbc, listId, "W-1", 1)).as("wallet payouts are not vouchers").isEqualTo("READY");
        assertThat(installmentState(jdbc, listId, "D-1", 2)).isEqualTo("PLANNED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voucher_code c JOIN voucher v ON v.id = c.voucher_id "
                + "WHERE v.list_id = :id AND c.code_hash = encode(sha256(convert_to(:code, 'UTF8')), 'hex')",
                Map.of("id", listId, "code", dacopeCodes.get(0).replace("-", "")), Long.class))
                .as("only the hash is stored").isEqualTo(1);

        // online, at Dacope: the vouchers come in the order of the register (D-1, D-2, D-3)
        SheetClient.Json paid = sheets.redeem("agent", dacopeCodes.get(0), "dacope union");
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        assertThat(paid.body().get("beneficiaryId").asString()).isEqualTo("D-1");
        assertThat(paid.body().get("fullName").asString()).isEqualTo("রহিমা খাতুন");
        assertThat(paid.body().get("amount").get("minor").asLong()).isEqualTo(250_000);
        assertThat(paid.body().get("code").asString()).isEqualTo("…" + dacopeCodes.get(0).substring(16));
        assertThat(sheets.redeem("agent", dacopeCodes.get(1).toLowerCase(), "Dacope Union").status()).isEqualTo(200);

        SheetClient.Json again = sheets.redeem("agent", dacopeCodes.get(0), "Dacope Union");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("reason").asString()).isEqualTo("ALREADY_REDEEMED");
        assertThat(again.body().get("redeemedLocation").asString()).isEqualTo("Dacope Union");
        assertThat(again.body().get("redeemedBy").asString()).isEqualTo("agent");
        assertThat(again.body().get("redeemedAt").asString()).isNotBlank();
        assertThat(again.body().get("detail").asString()).contains("already redeemed at", "Dacope Union");

        SheetClient.Json elsewhere = sheets.redeem("agent", dacopeCodes.get(2), "Koyra Union");
        assertThat(elsewhere.status()).isEqualTo(409);
        assertThat(elsewhere.body().get("reason").asString()).isEqualTo("WRONG_LOCATION");

        // offline, at Koyra: one upload with good rows and conflicts, applied in hand-over order
        LocalDateTime handedOver = LocalDateTime.now(DHAKA).minusMinutes(5);
        String mistyped = (dacopeCodes.get(2).charAt(0) == '7' ? "8" : "7") + dacopeCodes.get(2).substring(1);
        String upload = "code,time,agent,location\r\n"
                + koyraCodes.get(0) + "," + LOCAL.format(handedOver) + ",agent,Koyra Union\r\n"
                + "ODV1:" + koyraCodes.get(1) + "," + LOCAL.format(handedOver.plusMinutes(1)) + ",agent,Koyra Union\r\n"
                + koyraCodes.get(0) + "," + LOCAL.format(handedOver.plusMinutes(2)) + ",agent,Koyra Union\r\n"
                + dacopeCodes.get(2) + "," + LOCAL.format(handedOver) + ",agent,Koyra Union\r\n"
                + mistyped + "," + LOCAL.format(handedOver) + ",agent,Koyra Union\r\n"
                + koyraCodes.get(1) + "," + LOCAL.format(handedOver) + ",checker,Koyra Union\r\n"
                + koyraCodes.get(1) + "," + LOCAL.format(handedOver.plusDays(2)) + ",agent,Koyra Union\r\n";
        SheetClient.Json report = sheets.postCsv("agent", "/api/vouchers/redeem-bulk", upload);
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        assertThat(outcomes(report.body())).containsExactly("REDEEMED", "REDEEMED", "ALREADY_REDEEMED", "WRONG_LOCATION",
                "MISTYPED", "INVALID", "INVALID");
        assertThat(report.body().get("redeemed").asInt()).isEqualTo(2);
        assertThat(report.body().get("conflicts").asInt()).isEqualTo(5);
        JsonNode repeated = report.body().get("results").get(2);
        assertThat(repeated.get("row").asInt()).isEqualTo(4);
        assertThat(repeated.get("facts").get("redeemedBy").asString()).isEqualTo("agent");
        assertThat(repeated.get("facts").get("redeemedOffline").asBoolean()).isTrue();
        assertThat(report.text()).doesNotContain(koyraCodes.get(0), koyraCodes.get(1), dacopeCodes.get(2));

        SheetClient.Json sentAgain = sheets.postCsv("agent", "/api/vouchers/redeem-bulk", "code,time,agent\r\n"
                + koyraCodes.get(0) + "," + LOCAL.format(handedOver) + ",agent\r\n", "Koyra Union");
        assertThat(outcomes(sentAgain.body())).as(sentAgain.text()).containsExactly("ALREADY_RECORDED");

        // D-3 never comes: after its validity and the offline grace, the voucher expires
        clock.setDate(LocalDate.now(DHAKA).plusDays(40));
        long expiredBefore = vouchersIn("EXPIRED");
        long expired = expiry.expireDue();
        assertThat(expired).as("what expireDue reports is what it expired (other tests' vouchers may expire too)")
                .isPositive().isEqualTo(vouchersIn("EXPIRED") - expiredBefore);
        SheetClient.Json late = sheets.redeem("agent", dacopeCodes.get(2), "Dacope Union");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().get("reason").asString()).isEqualTo("EXPIRED");

        Map<String, Long> cashStates = Map.of(
                "CONFIRMED", cashCount(listId, "CONFIRMED"), "EXPIRED", cashCount(listId, "EXPIRED"));
        assertThat(cashStates).containsEntry("CONFIRMED", 4L).containsEntry("EXPIRED", 1L);
        assertThat(cashCount(listId, "CONFIRMED") + cashCount(listId, "EXPIRED")).isEqualTo(5);
        assertThat(installmentState(jdbc, listId, "D-3", 1)).isEqualTo("EXPIRED");
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_ISSUED")).isEqualTo(5);
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_PRINTED")).isEqualTo(5);
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_REDEEMED")).isEqualTo(4);
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_EXPIRED")).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT DISTINCT actor FROM ledger_entry WHERE list_id = :id AND action = 'VOUCHER_REDEEMED'",
                Map.of("id", listId), String.class)).containsExactly("agent");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND detail LIKE '%' || :code || '%'",
                Map.of("id", listId, "code", dacopeCodes.get(0).substring(0, 13)), Long.class)).as("no code in the ledger").isZero();

        Api.Response vouchers = api.get("auditor", "/api/payment-lists/" + listId + "/vouchers?installment=1");
        assertThat(vouchers.status()).isEqualTo(200);
        assertThat(vouchers.body()).hasSize(5);
        assertThat(StreamSupport.stream(vouchers.body().spliterator(), false).map(v -> v.get("state").asString()))
                .containsExactlyInAnyOrder("REDEEMED", "REDEEMED", "REDEEMED", "REDEEMED", "EXPIRED");
        assertThat(vouchers.text()).doesNotContain(dacopeCodes.get(0));
    }

    @Test
    void theScheduledRoutesAreThere() {
        assertThat(camel.getRoute("vouchers.issue")).isNotNull();
        assertThat(camel.getRoute("vouchers.expire")).isNotNull();
    }

    @Test
    void onlyFinanceStaffPrintAndOnlyFieldAgentsRedeem() {
        long listId = CashLists.released(api, ListFile.of().row(cash("A-1", "Anwara Begum", 1000, 1, "Batiaghata")));
        assertThat(sheets.sheet("agent", listId, 1, "Batiaghata", null).status()).isEqualTo(403);
        assertThat(sheets.sheet("ops", listId, 1, "Batiaghata", null).status()).isEqualTo(403);
        assertThat(sheets.sheet("auditor", listId, 1, "Batiaghata", null).status()).as("an auditor only reads").isEqualTo(403);
        assertThat(sheets.read("ops", listId, 1, "Batiaghata", "copy=true").status()).isEqualTo(403);
        assertThat(sheets.redeem("maker", "0000000000000000000", "Batiaghata").status()).isEqualTo(403);
        assertThat(sheets.redeem("checker", "0000000000000000000", "Batiaghata").status()).isEqualTo(403);
        assertThat(api.post("ops", "/api/vouchers/1/cancel").status()).isEqualTo(403);
        assertThat(api.post("agent", "/api/vouchers/1/reissue").status()).isEqualTo(403);
        assertThat(api.get("agent", "/api/payment-lists/" + listId + "/vouchers").status()).isEqualTo(403);
        assertThat(sheets.postCsv("maker", "/api/vouchers/redeem-bulk", "code,time,agent\r\n").status()).isEqualTo(403);

        SheetClient.Sheet unknown = sheets.sheet("maker", listId, 1, "Nowhere", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text()).contains("Batiaghata");
    }

    private long cashCount(long listId, String state) {
        return jdbc.queryForObject("SELECT count(*) FROM installment WHERE list_id = :id AND number = 1 AND channel = 'CASH' AND state = :state",
                Map.of("id", listId, "state", state), Long.class);
    }

    private static List<String> outcomes(JsonNode report) {
        return StreamSupport.stream(report.get("results").spliterator(), false).map(r -> r.get("outcome").asString()).toList();
    }

    private long vouchersIn(String state) {
        return jdbc.queryForObject("SELECT count(*) FROM voucher WHERE state = :state", Map.of("state", state), Long.class);
    }
}
