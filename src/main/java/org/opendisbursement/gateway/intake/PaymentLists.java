package org.opendisbursement.gateway.intake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.Period;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Stored payment lists. */
@Repository
public class PaymentLists {

    private static final RowMapper<PaymentList> MAPPER = PaymentLists::map;

    private final NamedParameterJdbcTemplate jdbc;

    PaymentLists(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PaymentList> find(long id) {
        return jdbc.query("SELECT * FROM payment_list WHERE id = :id", new MapSqlParameterSource("id", id), MAPPER)
                .stream().findFirst();
    }

    /** Locks the list row until the transaction ends, so two decisions on one list cannot cross. */
    public Optional<PaymentList> lock(long id) {
        return jdbc.query("SELECT * FROM payment_list WHERE id = :id FOR UPDATE", new MapSqlParameterSource("id", id), MAPPER)
                .stream().findFirst();
    }

    public List<PaymentList> findAll(String programme, ListStatus status, int limit, long beforeId) {
        return jdbc.query("""
                SELECT * FROM payment_list
                WHERE (CAST(:programme AS varchar) IS NULL OR programme = :programme)
                  AND (CAST(:status AS varchar) IS NULL OR status = :status)
                  AND id < :beforeId
                ORDER BY id DESC LIMIT :limit
                """, new MapSqlParameterSource()
                .addValue("programme", programme)
                .addValue("status", status == null ? null : status.name())
                .addValue("beforeId", beforeId)
                .addValue("limit", limit), MAPPER);
    }

    /** The earlier list, not rejected, that was made from exactly these bytes. */
    Optional<PaymentList> findActiveByContent(String sha256) {
        return jdbc.query("SELECT * FROM payment_list WHERE content_sha256 = :sha AND status <> 'REJECTED'",
                new MapSqlParameterSource("sha", sha256), MAPPER).stream().findFirst();
    }

    /**
     * A new list in {@code status}: PENDING_APPROVAL with its uploader as its maker, or AWAITING_MAKER (from the inbox)
     * with none yet.
     */
    long insert(UUID uid, ListFields fields, String fileName, String sha256, String source, ListStatus status,
                String actor, Instant now) {
        return jdbc.queryForObject("""
                INSERT INTO payment_list (uid, programme, currency, first_due_date, interval_period, approval_reference,
                                          file_name, content_sha256, source, status, uploaded_by, uploaded_at,
                                          confirmed_by, confirmed_at)
                VALUES (:uid, :programme, :currency, :firstDue, :interval, :approvalReference,
                        :fileName, :sha, :source, :status, :actor, :now, :confirmedBy, :confirmedAt)
                RETURNING id
                """, new MapSqlParameterSource()
                .addValue("status", status.name())
                .addValue("confirmedBy", status == ListStatus.PENDING_APPROVAL ? actor : null)
                .addValue("confirmedAt", status == ListStatus.PENDING_APPROVAL ? Timestamp.from(now) : null, java.sql.Types.TIMESTAMP)
                .addValue("uid", uid)
                .addValue("programme", fields.programme())
                .addValue("currency", fields.currency().getCurrencyCode())
                .addValue("firstDue", fields.firstDueDate())
                .addValue("interval", fields.interval().toString())
                .addValue("approvalReference", fields.approvalReference())
                .addValue("fileName", fileName)
                .addValue("sha", sha256)
                .addValue("source", source)
                .addValue("actor", actor)
                .addValue("now", Timestamp.from(now)), Long.class);
    }

    void recordTotals(long id, int rows, long totalMinor, int installmentCount) {
        jdbc.update("UPDATE payment_list SET row_count = :rows, total_minor = :total, installment_count = :installments WHERE id = :id",
                new MapSqlParameterSource().addValue("id", id).addValue("rows", rows)
                        .addValue("total", totalMinor).addValue("installments", installmentCount));
    }

    /** Moves a list to its decided status; returns false if it was not in {@code from} any more. */
    public boolean decide(long id, ListStatus from, ListStatus to, String actor, Instant now, String reason, int errorCount) {
        return jdbc.update("""
                UPDATE payment_list SET status = :to, decided_by = :actor, decided_at = :now,
                       decision_reason = :reason, error_count = :errors
                WHERE id = :id AND status = :from
                """, new MapSqlParameterSource()
                .addValue("id", id).addValue("from", from.name()).addValue("to", to.name())
                .addValue("actor", actor).addValue("now", Timestamp.from(now))
                .addValue("reason", reason).addValue("errors", errorCount)) == 1;
    }

    /** A finance maker confirms a list the inbox uploaded as hers: it waits for approval. */
    public boolean confirm(long id, String maker, Instant now) {
        return jdbc.update("""
                UPDATE payment_list SET status = 'PENDING_APPROVAL', confirmed_by = :maker, confirmed_at = :now
                WHERE id = :id AND status = 'AWAITING_MAKER'
                """, new MapSqlParameterSource().addValue("id", id).addValue("maker", maker)
                .addValue("now", Timestamp.from(now))) == 1;
    }

    /** The first of the two approvals a list above the two-checker total needs. */
    public boolean approveOnce(long id, String checker, Instant now) {
        return jdbc.update("""
                UPDATE payment_list SET status = 'APPROVED_ONCE', first_approved_by = :checker, first_approved_at = :now
                WHERE id = :id AND status = 'PENDING_APPROVAL'
                """, new MapSqlParameterSource().addValue("id", id).addValue("checker", checker)
                .addValue("now", Timestamp.from(now))) == 1;
    }

    private static PaymentList map(ResultSet rs, int rowNum) throws SQLException {
        Timestamp decidedAt = rs.getTimestamp("decided_at");
        Timestamp confirmedAt = rs.getTimestamp("confirmed_at");
        Timestamp firstApprovedAt = rs.getTimestamp("first_approved_at");
        return new PaymentList(rs.getLong("id"), rs.getObject("uid", UUID.class), rs.getString("programme"),
                Currency.getInstance(rs.getString("currency")), rs.getObject("first_due_date", java.time.LocalDate.class),
                Period.parse(rs.getString("interval_period")), rs.getString("approval_reference"),
                rs.getString("file_name"), rs.getString("source"), ListStatus.valueOf(rs.getString("status")),
                rs.getInt("row_count"), rs.getLong("total_minor"), rs.getInt("installment_count"),
                rs.getInt("error_count"), rs.getString("uploaded_by"), rs.getTimestamp("uploaded_at").toInstant(),
                rs.getString("decided_by"), decidedAt == null ? null : decidedAt.toInstant(),
                rs.getString("decision_reason"), rs.getString("confirmed_by"),
                confirmedAt == null ? null : confirmedAt.toInstant(), rs.getString("first_approved_by"),
                firstApprovedAt == null ? null : firstApprovedAt.toInstant());
    }
}
