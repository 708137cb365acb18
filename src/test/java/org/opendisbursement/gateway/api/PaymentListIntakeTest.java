package org.opendisbursement.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

@GatewayTest
class PaymentListIntakeTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    Api api;
    String programme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        programme = ListFile.uniqueProgramme();
    }

    private static List<JsonNode> errors(Api.Response response) {
        return StreamSupport.stream(response.body().get("errors").spliterator(), false).toList();
    }

    private static boolean hasError(Api.Response response, int row, String column, String rule) {
        return errors(response).stream().anyMatch(e -> e.get("row").asInt() == row
                && column.equals(e.path("column").asString(null)) && rule.equals(e.get("rule").asString()));
    }

    private long count(String sql, long listId) {
        return jdbc.queryForObject(sql, Map.of("id", listId), Long.class);
    }

    @Test
    void acceptsTheKhulnaListOf411BeneficiariesForApproval() {
        Api.Response response = api.upload("maker", ListFile.of().beneficiaries("MJF", 411), ListFile.fields(programme));

        assertThat(response.status()).isEqualTo(201);
        JsonNode list = response.body();
        assertThat(list.get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(list.get("beneficiaryCount").asInt()).isEqualTo(411);
        assertThat(list.get("total").get("minor").asLong()).isEqualTo(411 * 750_000L);
        assertThat(list.get("total").get("currency").asString()).isEqualTo("BDT");
        assertThat(list.get("total").get("display").asString()).isEqualTo("BDT 3,082,500.00");
        assertThat(list.get("installmentCount").asInt()).isEqualTo(1233);
        assertThat(count("SELECT count(*) FROM installment WHERE list_id = :id", response.id()))
                .as("no installment exists before approval").isZero();
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND action = 'LIST_UPLOADED'", response.id()))
                .isEqualTo(1);
        assertThat(api.get("auditor", "/api/payment-lists/" + response.id()).body().get("beneficiaryCount").asInt()).isEqualTo(411);
    }

    @Test
    void rejectsAListWithEveryErrorNamedAndKeepsItForTheAuditTrail() {
        ListFile file = ListFile.of()
                .row("B-1,রহিমা খাতুন,,BKASH,01212345678,7500.125,3,,")
                .row("B-2,\"Begum, Anwara\",123,NAGAD," + ListFile.freshWallet() + ",0,3,,")
                .row("B-3,Malati Das,,CASH,,-100,2,,")
                .row("B-4,Shirin,,BKASH," + ListFile.freshWallet() + ",7500,13,,");

        Api.Response response = api.upload("maker", file, ListFile.fields(programme));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body().get("errorCount").asInt()).isEqualTo(7);
        assertThat(hasError(response, 2, "wallet_number", "prefix")).isTrue();
        assertThat(hasError(response, 2, "amount", "decimals")).isTrue();
        assertThat(hasError(response, 3, "national_id", "format")).isTrue();
        assertThat(hasError(response, 3, "amount", "positive")).isTrue();
        assertThat(hasError(response, 4, "amount", "positive")).isTrue();
        assertThat(hasError(response, 4, "location", "required")).isTrue();
        assertThat(hasError(response, 5, "installments", "range")).isTrue();
        assertThat(response.text()).doesNotContain("01212345678");

        long listId = response.body().get("listId").asLong();
        assertThat(api.get("checker", "/api/payment-lists/" + listId).body().get("status").asString()).isEqualTo("REJECTED");
        Api.Response report = api.get("auditor", "/api/payment-lists/" + listId + "/report");
        assertThat(report.body().get("errors")).hasSize(7);
        assertThat(count("SELECT count(*) FROM beneficiary WHERE list_id = :id", listId)).isZero();
        assertThat(count("SELECT count(*) FROM installment WHERE list_id = :id", listId)).isZero();
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND action = 'LIST_REJECTED'", listId)).isEqualTo(1);
    }

    @Test
    void readsByteOrderMarkCrlfQuotedCommasAndNewlinesAndBengaliNames() {
        String csv = "\uFEFF" + ListFile.HEADER + "\r\n"
                + "Q-1,\"Begum, Rahima\nKhatun\",," + "BKASH," + ListFile.freshWallet() + ",7500,3,\"KCC Ward 5, Khulna\",widow\r\n"
                + "Q-2,রহিমা খাতুন,,NAGAD," + ListFile.freshWallet() + ",7500.50,2,Batiaghata Union,\r\n\r\n\r\n";
        Api.Response response = api.upload("maker", "bom.csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ListFile.fields(programme));

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(response.body().get("beneficiaryCount").asInt()).isEqualTo(2);
        assertThat(response.body().get("total").get("minor").asLong()).isEqualTo(750_000L + 750_050L);
        List<Map<String, Object>> stored = jdbc.queryForList(
                "SELECT full_name, location FROM beneficiary WHERE list_id = :id ORDER BY row_no", Map.of("id", response.id()));
        assertThat(stored.get(0)).containsEntry("full_name", "Begum, Rahima Khatun").containsEntry("location", "KCC Ward 5, Khulna");
        assertThat(stored.get(1)).containsEntry("full_name", "রহিমা খাতুন");
    }

    @Test
    void rejectsAFileWithAMissingOrAnUnknownColumn() {
        Api.Response missing = api.upload("maker", ListFile.withHeader("beneficiary_id,full_name,channel,wallet_number,amount")
                .row("M-1,A,BKASH," + ListFile.freshWallet() + ",7500"), ListFile.fields(programme));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(hasError(missing, 1, "installments", "missing-column")).isTrue();

        Api.Response extra = api.upload("maker", ListFile.withHeader(ListFile.HEADER + ",bank_account")
                .row("M-1,A,,BKASH," + ListFile.freshWallet() + ",7500,3,,,123"), ListFile.fields(programme));
        assertThat(extra.status()).isEqualTo(422);
        assertThat(hasError(extra, 1, "bank_account", "unknown-column")).isTrue();
    }

    @Test
    void rejectsOneWalletNumberAgainstManyPeopleAndRepeatedIds() {
        String wallet = ListFile.freshWallet();
        String nationalId = ListFile.freshNationalId();
        ListFile file = ListFile.of()
                .row("D-1,A,," + "BKASH," + wallet + ",7500,3,,")
                .row("D-2,B," + nationalId + ",NAGAD,+88" + wallet + ",7500,3,,")
                .row("D-3,C," + nationalId + ",BKASH," + wallet.substring(0, 5) + "-" + wallet.substring(5) + ",7500,3,,")
                .row("D-1,D,,CASH,,7500,3,Ward 1,");

        Api.Response response = api.upload("maker", file, ListFile.fields(programme));

        assertThat(response.status()).isEqualTo(422);
        assertThat(hasError(response, 3, "wallet_number", "duplicate-in-list")).as("same number written differently").isTrue();
        assertThat(hasError(response, 4, "wallet_number", "duplicate-in-list")).isTrue();
        assertThat(hasError(response, 4, "national_id", "duplicate-in-list")).isTrue();
        assertThat(hasError(response, 5, "beneficiary_id", "duplicate-in-list")).isTrue();
        assertThat(response.text()).doesNotContain(wallet.substring(1)).doesNotContain(nationalId);
    }

    @Test
    void rejectsAWalletOrNationalIdThatBelongsToAnotherBeneficiaryInAnEarlierListOfTheProgramme() {
        String wallet = ListFile.freshWallet();
        String nationalId = ListFile.freshNationalId();
        assertThat(api.upload("maker", ListFile.of().row("E-1,A," + nationalId + ",BKASH," + wallet + ",7500,3,,"),
                ListFile.fields(programme)).status()).isEqualTo(201);

        Api.Response taken = api.upload("maker", ListFile.of()
                .row("E-2,B,,BKASH," + wallet + ",7500,3,,")
                .row("E-3,C," + nationalId + ",CASH,,7500,3,Ward 2,"), ListFile.fields(programme));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(hasError(taken, 2, "wallet_number", "duplicate-across-lists")).isTrue();
        assertThat(hasError(taken, 3, "national_id", "duplicate-across-lists")).isTrue();

        Api.Response sameBeneficiary = api.upload("maker", ListFile.of().row("E-1,A," + nationalId + ",BKASH," + wallet + ",5000,2,,"),
                ListFile.fields(programme));
        assertThat(sameBeneficiary.status()).as("the same person in a later list of the programme").isEqualTo(201);

        Api.Response otherProgramme = api.upload("maker", ListFile.of().row("E-2,B,,BKASH," + wallet + ",7500,3,,"),
                ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(otherProgramme.status()).isEqualTo(201);
    }

    @Test
    void ignoresWalletsOfListsThatWereRejected() {
        String wallet = ListFile.freshWallet();
        Api.Response rejected = api.upload("maker", ListFile.of().row("R-1,A,,BKASH," + wallet + ",0,3,,"), ListFile.fields(programme));
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(api.upload("maker", ListFile.of().row("R-2,B,,BKASH," + wallet + ",7500,3,,"), ListFile.fields(programme))
                .status()).isEqualTo(201);
    }

    @Test
    void refusesTheSameFileTwiceNamingTheEarlierList() {
        ListFile file = ListFile.of().beneficiaries("DUP", 5);
        Api.Response first = api.upload("maker", file, ListFile.fields(programme));
        Api.Response again = api.upload("maker", file.named("renamed.csv"), ListFile.fields(programme));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("earlierListId").asLong()).isEqualTo(first.id());
        assertThat(again.body().get("detail").asString()).contains("list " + first.id());
    }

    @Test
    void refusesMoreRowsThanTheConfiguredMaximum() {
        Api.Response response = api.upload("maker", ListFile.of().beneficiaries("BIG", 501), ListFile.fields(programme));

        assertThat(response.status()).isEqualTo(422);
        assertThat(errors(response)).anySatisfy(e -> assertThat(e.get("rule").asString()).isEqualTo("max-rows"));
    }

    @Test
    void refusesAnMpesaEntitlementThatCannotBeSplitInWholeShillingsNamingTheRow() {
        Map<String, String> fields = new HashMap<>(ListFile.fields(programme));
        fields.put("currency", "KES");
        ListFile file = ListFile.of()
                .row("K-1,Wanjiru Kamau,,MPESA,+254712" + ListFile.freshWallet().substring(5) + ",1000,3,,")
                .row("K-2,Achieng Otieno,,MPESA,+254713" + ListFile.freshWallet().substring(5) + ",1000.50,3,,")
                .row("K-3,Njeri Mwangi,,MPESA,+254714" + ListFile.freshWallet().substring(5) + ",2,3,,");

        Api.Response response = api.upload("maker", file, fields);

        assertThat(response.status()).as(response.text()).isEqualTo(422);
        assertThat(response.body().get("errorCount").asInt()).isEqualTo(2);
        assertThat(errors(response)).filteredOn(e -> e.get("row").asInt() == 3).singleElement().satisfies(e -> {
            assertThat(e.get("column").asString()).isEqualTo("amount");
            assertThat(e.get("rule").asString()).isEqualTo("payable-unit");
            assertThat(e.get("message").asString()).isEqualTo("amount 1000.50 cannot be paid: M-Pesa pays whole KES");
            assertThat(e.get("value").asString()).isEqualTo("1000.50");
        });
        assertThat(hasError(response, 4, "amount", "split")).isTrue();
        assertThat(errors(response)).filteredOn(e -> e.get("row").asInt() == 4).singleElement()
                .satisfies(e -> assertThat(e.get("message").asString()).contains("M-Pesa pays whole KES"));
        long listId = response.body().get("listId").asLong();
        assertThat(api.get("checker", "/api/payment-lists/" + listId).body().get("status").asString()).isEqualTo("REJECTED");
    }

    @Test
    void refusesWrongListFieldsNamingEachField() {
        Map<String, String> fields = new HashMap<>(ListFile.fields(programme));
        fields.put("interval", "monthly");
        fields.put("currency", "XYZ");
        fields.put("firstDueDate", "01/12/2026");
        Api.Response response = api.upload("maker", ListFile.of().beneficiaries("F", 2), fields);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("interval").contains("currency").contains("firstDueDate");
    }

    @Test
    void listsPaymentListsByProgrammeNewestFirst() {
        long first = api.upload("maker", ListFile.of().beneficiaries("L1", 2), ListFile.fields(programme)).id();
        long second = api.upload("maker", ListFile.of().beneficiaries("L2", 3), ListFile.fields(programme)).id();

        Api.Response lists = api.get("ops", "/api/payment-lists?programme=" + programme);
        assertThat(lists.status()).isEqualTo(200);
        assertThat(lists.body()).extracting(node -> node.get("id").asLong()).containsExactly(second, first);
        assertThat(api.get("ops", "/api/payment-lists?programme=" + programme + "&beforeId=" + second).body())
                .extracting(node -> node.get("id").asLong()).containsExactly(first);
    }
}
