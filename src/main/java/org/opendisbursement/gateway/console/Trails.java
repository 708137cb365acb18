package org.opendisbursement.gateway.console;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.opendisbursement.gateway.system.Mask;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One beneficiary across the lists that name them (read only): who they are in each list (wallet and national ID
 * masked) and every installment with its state; the ledger entries come from the audit package ({@code AuditorLedger}).
 */
@Component
class Trails {

    record Person(long listId, String programme, String listStatus, int row, String beneficiaryId, String fullName,
                  String channel, String maskedWallet, String maskedNationalId, long amountMinor, String currency,
                  int installments, String location, String category) {
    }

    record Payment(long installmentId, long listId, int number, LocalDate dueDate, long amountMinor, String currency,
                   String channel, String state, String reference, String failureCode, String reason, Instant updatedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    Trails(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Person> people(String beneficiaryId, String programme) {
        return jdbc.query("""
                SELECT b.list_id, l.programme, l.status, b.row_no, b.beneficiary_id, b.full_name, b.channel,
                       b.wallet_number, b.national_id, b.amount_minor, l.currency, b.installments, b.location, b.category
                FROM beneficiary b JOIN payment_list l ON l.id = b.list_id
                WHERE b.beneficiary_id = :id AND (CAST(:programme AS varchar) IS NULL OR l.programme = :programme)
                ORDER BY b.id LIMIT 200""", parameters(beneficiaryId, programme), (rs, n) -> new Person(
                rs.getLong("list_id"), rs.getString("programme"), rs.getString("status"), rs.getInt("row_no"),
                rs.getString("beneficiary_id"), rs.getString("full_name"), rs.getString("channel"),
                Mask.identifier(rs.getString("wallet_number")), Mask.identifier(rs.getString("national_id")),
                rs.getLong("amount_minor"), rs.getString("currency").strip(), rs.getInt("installments"),
                rs.getString("location"), rs.getString("category")));
    }

    List<Payment> payments(String beneficiaryId, String programme) {
        return jdbc.query("""
                SELECT i.id, i.list_id, i.number, i.due_date, i.amount_minor, i.currency, i.channel, i.state,
                       i.provider_reference::text AS reference, i.failure_code, i.last_error, i.updated_at
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref JOIN payment_list l ON l.id = i.list_id
                WHERE b.beneficiary_id = :id AND (CAST(:programme AS varchar) IS NULL OR l.programme = :programme)
                ORDER BY i.list_id, i.number LIMIT 2000""", parameters(beneficiaryId, programme), (rs, n) -> new Payment(
                rs.getLong("id"), rs.getLong("list_id"), rs.getInt("number"), rs.getObject("due_date", LocalDate.class),
                rs.getLong("amount_minor"), rs.getString("currency").strip(), rs.getString("channel"),
                rs.getString("state"), rs.getString("reference"), rs.getString("failure_code"), rs.getString("last_error"),
                rs.getTimestamp("updated_at").toInstant()));
    }

    private static MapSqlParameterSource parameters(String beneficiaryId, String programme) {
        return new MapSqlParameterSource().addValue("id", beneficiaryId).addValue("programme", programme);
    }
}
