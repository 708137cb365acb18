package org.opendisbursement.gateway.vouchers;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.money.Amount;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The vouchers of a list with their states, for finance staff and auditors; codes only by their last four symbols. */
@Component
public class VoucherQueries {

    public record VoucherView(long id, long installmentId, int installment, String beneficiaryId, String fullName, Amount amount,
                       String location, String state, String code, int printCount, Instant printedAt, String printedBy,
                       Instant issuedAt, LocalDate validThrough, Long replaces, Instant redeemedAt, String redeemedBy,
                       String redeemedLocation, Boolean redeemedOffline, Instant closedAt, String closedBy,
                       String closeReason) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    VoucherQueries(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<VoucherView> of(long listId, Integer installment, String location, String state) {
        Integer lists = jdbc.queryForObject("SELECT count(*) FROM payment_list WHERE id = :id", Map.of("id", listId), Integer.class);
        if (lists == null || lists == 0) {
            throw new ListNotFoundException("no payment list " + listId);
        }
        var parameters = new MapSqlParameterSource().addValue("listId", listId)
                .addValue("number", installment, Types.INTEGER)
                .addValue("location", location == null || location.isBlank() ? null : location.strip(), Types.VARCHAR)
                .addValue("state", state == null || state.isBlank() ? null : state.strip().toUpperCase(), Types.VARCHAR);
        return jdbc.query("""
                SELECT v.*, b.beneficiary_id, b.full_name, c.code_tail, c.printed_at, c.printed_by
                FROM voucher v JOIN beneficiary b ON b.id = v.beneficiary_ref
                LEFT JOIN LATERAL (SELECT code_tail, printed_at, printed_by FROM voucher_code
                                   WHERE voucher_id = v.id ORDER BY print_no DESC LIMIT 1) c ON true
                WHERE v.list_id = :listId
                  AND (CAST(:number AS integer) IS NULL OR v.number = :number)
                  AND (CAST(:location AS varchar) IS NULL OR lower(v.location) = lower(:location))
                  AND (CAST(:state AS varchar) IS NULL OR v.state = :state)
                ORDER BY v.number, v.location, b.beneficiary_id, v.id
                LIMIT 20000""", parameters, (rs, n) -> new VoucherView(rs.getLong("id"), rs.getLong("installment_id"),
                rs.getInt("number"), rs.getString("beneficiary_id"), rs.getString("full_name"),
                Amount.of(rs.getLong("amount_minor"), rs.getString("currency").strip()), rs.getString("location"),
                rs.getString("state"), rs.getString("code_tail") == null ? null : VoucherCode.masked(rs.getString("code_tail")),
                rs.getInt("print_count"), instant(rs.getTimestamp("printed_at")), rs.getString("printed_by"),
                instant(rs.getTimestamp("issued_at")), VoucherIssue.lastDay(rs.getTimestamp("valid_until").toInstant(), clock.getZone()),
                (Long) rs.getObject("replaces"), instant(rs.getTimestamp("redeemed_at")), rs.getString("redeemed_by"),
                rs.getString("redeemed_location"), (Boolean) rs.getObject("redeemed_offline"),
                instant(rs.getTimestamp("closed_at")), rs.getString("closed_by"), rs.getString("close_reason")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
