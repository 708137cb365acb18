package org.opendisbursement.gateway.vouchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Payment lists with cash beneficiaries for the voucher tests: uploaded, approved and installment 1 released. */
final class CashLists {

    private CashLists() {
    }

    static long released(Api api, ListFile file) {
        Api.Response uploaded = api.upload("maker", file, ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long listId = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/1/release").status()).isEqualTo(200);
        return listId;
    }

    /** A cash row: id, name, total amount in taka, installments, distribution point. */
    static String cash(String id, String name, int amount, int installments, String location) {
        return id + "," + name + "," + ListFile.freshNationalId() + ",CASH,," + amount + "," + installments + "," + location + ",widow";
    }

    static String wallet(String id, String name) {
        return id + "," + name + ",,BKASH," + ListFile.freshWallet() + ",5000,2,,";
    }

    static long ledgerCount(NamedParameterJdbcTemplate jdbc, long listId, String action) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND action = :action",
                Map.of("id", listId, "action", action), Long.class);
    }

    static String installmentState(NamedParameterJdbcTemplate jdbc, long listId, String beneficiaryId, int number) {
        return jdbc.queryForObject("""
                SELECT i.state FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :id AND b.beneficiary_id = :b AND i.number = :n""",
                new MapSqlParameterSource().addValue("id", listId).addValue("b", beneficiaryId).addValue("n", number), String.class);
    }

    /** Wrong codes of earlier tests must not lock the test users out. */
    static void forgiveWrongCodes(NamedParameterJdbcTemplate jdbc) {
        jdbc.update("UPDATE voucher_wrong_code SET failures = 0, locked_until = NULL", Map.of());
    }
}
