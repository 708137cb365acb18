package org.opendisbursement.gateway.reconciliation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.opendisbursement.gateway.money.Amount;
import org.opendisbursement.gateway.system.SpreadsheetCsv;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the API shows of reconciliations: the summary with counts per outcome and the differences, the list of
 * reconciliations, and the full report as CSV (streamed from the database, every line and every flag).
 */
@Component
public class ReconciliationViews {

    /** At most this many differences are listed in the JSON summary; the CSV report has them all. */
    static final int MAX_DIFFERENCES = 500;

    public record Period(Instant from, Instant to) {
    }

    public record ResultView(long id, String outcome, Integer line, String reference, Long installmentId, Long listId,
                      String beneficiaryId, String ledgerState, String channel, Amount ledgerAmount, String statementAmount,
                      String statementStatus, Instant statementTime, String detail, String review, String reviewedBy,
                      Instant reviewedAt, String reviewNote) {
    }

    public record Summary(long id, String provider, String fileName, Period period, int lines, String importedBy,
                   Instant importedAt, Map<String, Long> counts, long openFlags, List<ResultView> differences,
                   boolean differencesTruncated, String report) {
    }

    public record Listed(long id, String provider, String fileName, Period period, int lines, String importedBy,
                  Instant importedAt, long flags, long openFlags) {
    }

    private static final String RESULT_COLUMNS = """
            id, outcome, line_no, reference, installment_id, list_id, beneficiary_id, ledger_state, channel,
            ledger_amount_minor, currency, statement_amount, statement_status, statement_time, detail, review, reviewed_by,
            reviewed_at, review_note""";

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;

    ReconciliationViews(NamedParameterJdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(1000);
        this.streaming = new NamedParameterJdbcTemplate(fetching);
    }

    public Optional<Summary> summary(long id) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM reconciliation WHERE id = :id", Map.of("id", id));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> r = rows.get(0);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome.name(), 0L);
        }
        long[] open = {0};
        jdbc.query("""
                SELECT outcome, count(*) AS n, count(*) FILTER (WHERE review = 'OPEN') AS open
                FROM reconciliation_result WHERE reconciliation_id = :id GROUP BY outcome""", Map.of("id", id), rs -> {
            counts.put(rs.getString("outcome"), rs.getLong("n"));
            open[0] += rs.getLong("open");
        });
        List<ResultView> differences = jdbc.query("SELECT " + RESULT_COLUMNS + """
                 FROM reconciliation_result WHERE reconciliation_id = :id AND outcome <> 'MATCHED'
                ORDER BY outcome, line_no NULLS LAST, id LIMIT :limit""",
                new MapSqlParameterSource("id", id).addValue("limit", MAX_DIFFERENCES + 1), (rs, n) -> result(rs));
        boolean truncated = differences.size() > MAX_DIFFERENCES;
        return Optional.of(new Summary(id, (String) r.get("provider"), (String) r.get("file_name"), period(r),
                ((Number) r.get("line_count")).intValue(), (String) r.get("imported_by"), instant(r.get("imported_at")),
                counts, open[0], truncated ? differences.subList(0, MAX_DIFFERENCES) : differences, truncated,
                "/api/reconciliations/" + id + "/report.csv"));
    }

    public List<Listed> list(String provider, int limit) {
        return jdbc.query("""
                SELECT c.*, (SELECT count(*) FROM reconciliation_result r WHERE r.reconciliation_id = c.id AND r.review IS NOT NULL) AS flags,
                       (SELECT count(*) FROM reconciliation_result r WHERE r.reconciliation_id = c.id AND r.review = 'OPEN') AS open_flags
                FROM reconciliation c WHERE (CAST(:provider AS text) IS NULL OR c.provider = :provider)
                ORDER BY c.id DESC LIMIT :limit""",
                new MapSqlParameterSource("provider", provider).addValue("limit", limit), (rs, n) -> new Listed(rs.getLong("id"),
                        rs.getString("provider"), rs.getString("file_name"),
                        new Period(rs.getTimestamp("period_from").toInstant(), rs.getTimestamp("period_to").toInstant()),
                        rs.getInt("line_count"), rs.getString("imported_by"), rs.getTimestamp("imported_at").toInstant(),
                        rs.getLong("flags"), rs.getLong("open_flags")));
    }

    /** Every result of the reconciliation as CSV (UTF-8 with BOM, so spreadsheets read it right). */
    @Transactional(readOnly = true)
    public void reportCsv(long id, OutputStream out) {
        try (SpreadsheetCsv csv = SpreadsheetCsv.open(out, "result_id", "outcome", "review", "statement_line", "reference",
                "statement_amount", "statement_status", "statement_time", "ledger_amount", "currency", "ledger_state",
                "channel", "list_id", "beneficiary_id", "installment_id", "detail", "reviewed_by", "reviewed_at",
                "review_note")) {
            streaming.query("SELECT " + RESULT_COLUMNS + """
                     FROM reconciliation_result WHERE reconciliation_id = :id
                    ORDER BY CASE WHEN outcome = 'MATCHED' THEN 1 ELSE 0 END, outcome, line_no NULLS LAST, id""",
                    Map.of("id", id), rs -> {
                        ResultView r = result(rs);
                        List<Object> cells = new ArrayList<>();
                        cells.add(r.id());
                        cells.add(r.outcome());
                        cells.add(r.review());
                        cells.add(r.line());
                        cells.add(r.reference());
                        cells.add(r.statementAmount());
                        cells.add(r.statementStatus());
                        cells.add(r.statementTime());
                        cells.add(r.ledgerAmount() == null ? null : r.ledgerAmount().major());
                        cells.add(r.ledgerAmount() == null ? rs.getString("currency") : r.ledgerAmount().currency());
                        cells.add(r.ledgerState());
                        cells.add(r.channel());
                        cells.add(r.listId());
                        cells.add(r.beneficiaryId());
                        cells.add(r.installmentId());
                        cells.add(r.detail());
                        cells.add(r.reviewedBy());
                        cells.add(r.reviewedAt());
                        cells.add(r.reviewNote());
                        try {
                            csv.row(cells);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResultView result(ResultSet rs) throws SQLException {
        return new ResultView(rs.getLong("id"), rs.getString("outcome"), (Integer) rs.getObject("line_no"),
                rs.getString("reference"), (Long) rs.getObject("installment_id"), (Long) rs.getObject("list_id"),
                rs.getString("beneficiary_id"), rs.getString("ledger_state"), rs.getString("channel"),
                Amount.ofNullable((Long) rs.getObject("ledger_amount_minor"), rs.getString("currency")),
                rs.getString("statement_amount"), rs.getString("statement_status"), instant(rs.getTimestamp("statement_time")),
                rs.getString("detail"), rs.getString("review"), rs.getString("reviewed_by"),
                instant(rs.getTimestamp("reviewed_at")), rs.getString("review_note"));
    }

    private static Period period(Map<String, Object> r) {
        return new Period(instant(r.get("period_from")), instant(r.get("period_to")));
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return null;
    }
}
