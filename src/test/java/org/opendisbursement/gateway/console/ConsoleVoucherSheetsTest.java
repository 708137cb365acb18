package org.opendisbursement.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Voucher sheets come from the console session, never from the API (whose Basic credentials a browser would then
 * keep): printing and reprinting are forms with the CSRF token; the register is a link that changes nothing.
 */
@GatewayTest
class ConsoleVoucherSheetsTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    private long cashList(String location) {
        String row = "CV-" + System.nanoTime() + ",Anwara Begum," + ListFile.freshNationalId() + ",CASH,,2000,1,"
                + location + ",widow";
        return new Api(port).releasedList(ListFile.of().row(row), "BDT");
    }

    private int ledger(long listId, String action) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND action = :action",
                Map.of("id", listId, "action", action), Integer.class);
        return count == null ? 0 : count;
    }

    @Test
    void financeStaffPrintAndReprintByFormAndReadTheRegisterByLinkWithoutTheApi() {
        long listId = cashList("Dumuria");
        String sheet = "/lists/" + listId + "/installments/1/vouchers.pdf";
        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");
        String page = maker.get("/lists/" + listId).body();
        assertThat(page).contains("action=\"" + sheet + "\"", "href=\"" + sheet + "?location=Dumuria\"", ">Reprint<")
                .doesNotContain("/api/");

        ConsoleSession.Page forged = maker.post(sheet, Map.of("location", "Dumuria"), null);
        assertThat(forged.status()).as("no CSRF token, no print").isNotEqualTo(200);
        assertThat(ledger(listId, "VOUCHER_PRINTED")).isZero();

        maker.get("/lists/" + listId);
        ConsoleSession.Page printed = maker.post(sheet, Map.of("location", "Dumuria"));
        assertThat(printed.status()).isEqualTo(200);
        assertThat(printed.body()).startsWith("%PDF");
        assertThat(ledger(listId, "VOUCHER_PRINTED")).isEqualTo(1);

        maker.get("/lists/" + listId);
        ConsoleSession.Page again = maker.post(sheet, Map.of("location", "Dumuria"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("printed once", "Press Reprint");

        ConsoleSession.Page register = maker.get(sheet + "?location=Dumuria&reprint=true");
        assertThat(register.status()).isEqualTo(200);
        assertThat(register.body()).startsWith("%PDF");
        assertThat(ledger(listId, "VOUCHER_REPRINTED")).as("a GET voids nothing").isZero();

        ConsoleSession checker = ConsoleSession.signedIn(port, "checker");
        checker.get("/lists/" + listId);
        assertThat(checker.post(sheet, Map.of("location", "Dumuria", "reprint", "true")).status()).isEqualTo(200);
        assertThat(ledger(listId, "VOUCHER_REPRINTED")).isEqualTo(1);
    }

    @Test
    void anAuditorReadsTheRegisterOnlyAndOpsNeither() {
        long listId = cashList("Koyra");
        String sheet = "/lists/" + listId + "/installments/1/vouchers.pdf";
        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");
        maker.get("/lists/" + listId);
        assertThat(maker.post(sheet, Map.of("location", "Koyra")).status()).isEqualTo(200);
        ConsoleSession auditor = ConsoleSession.signedIn(port, "auditor");
        String page = auditor.get("/lists/" + listId).body();
        assertThat(page).contains("href=\"" + sheet + "?location=Koyra\"").doesNotContain(">Reprint<", ">Print<");
        assertThat(auditor.get(sheet + "?location=Koyra").status()).isEqualTo(200);
        assertThat(auditor.post(sheet, Map.of("location", "Koyra", "reprint", "true")).status()).isEqualTo(403);
        assertThat(ledger(listId, "VOUCHER_REPRINTED")).isZero();

        assertThat(ConsoleSession.signedIn(port, "ops").get(sheet + "?location=Koyra").status()).isEqualTo(403);
    }
}
