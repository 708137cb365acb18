package org.opendisbursement.gateway.intake;

import org.opendisbursement.gateway.system.Mask;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rules that compare rows, run on the staged list inside PostgreSQL so memory stays flat however long the
 * list: a beneficiary id, wallet number or national ID given twice in the list, and a wallet number or national ID
 * that already belongs to someone else in an earlier list of the same programme that was not rejected.
 */
@Component
class ListChecks {

    private final NamedParameterJdbcTemplate jdbc;

    ListChecks(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void run(long listId, String programme, ValidationReport report) {
        repeatedInList("beneficiary_id", "TRUE", false, report);
        repeatedInList("wallet_number", "channel <> 'CASH' AND wallet_number IS NOT NULL", true, report);
        repeatedInList("national_id", "national_id IS NOT NULL", true, report);
        takenInEarlierList("wallet_number", "r.channel <> 'CASH' AND b.channel <> 'CASH'", listId, programme, report);
        takenInEarlierList("national_id", "TRUE", listId, programme, report);
    }

    private void repeatedInList(String column, String filter, boolean masked, ValidationReport report) {
        String sql = """
                WITH repeated AS (
                    SELECT %1$s AS value, min(row_no) AS first_row, count(*) AS times
                    FROM intake_row WHERE %2$s GROUP BY %1$s HAVING count(*) > 1
                )
                SELECT r.row_no, r.%1$s AS value, d.first_row, d.times
                FROM intake_row r JOIN repeated d ON d.value = r.%1$s
                WHERE r.row_no <> d.first_row AND %2$s
                ORDER BY r.row_no
                """.formatted(column, filter);
        jdbc.query(sql, new MapSqlParameterSource(), rs -> {
            String value = rs.getString("value");
            report.add(ValidationError.of(rs.getInt("row_no"), column, "duplicate-in-list",
                    column + " is also on row " + rs.getInt("first_row") + " (" + rs.getLong("times")
                            + " rows of this list share it)", masked ? Mask.identifier(value) : value));
        });
    }

    private void takenInEarlierList(String column, String filter, long listId, String programme, ValidationReport report) {
        String sql = """
                SELECT DISTINCT ON (r.row_no) r.row_no, r.%1$s AS value, b.beneficiary_id AS holder, b.list_id AS earlier_list
                FROM intake_row r
                JOIN beneficiary b ON b.%1$s = r.%1$s AND b.programme = :programme AND b.beneficiary_id <> r.beneficiary_id
                JOIN payment_list l ON l.id = b.list_id AND l.status <> 'REJECTED' AND l.id <> :listId
                WHERE r.%1$s IS NOT NULL AND %2$s
                ORDER BY r.row_no, b.list_id
                """.formatted(column, filter);
        jdbc.query(sql, new MapSqlParameterSource().addValue("programme", programme).addValue("listId", listId), rs -> {
            report.add(ValidationError.of(rs.getInt("row_no"), column, "duplicate-across-lists",
                    column + " already belongs to beneficiary " + rs.getString("holder") + " in list "
                            + rs.getLong("earlier_list") + " of this programme", Mask.identifier(rs.getString("value"))));
        });
    }
}
