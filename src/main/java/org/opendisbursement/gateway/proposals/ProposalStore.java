package org.opendisbursement.gateway.proposals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.opendisbursement.gateway.system.UserNames;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The table {@code money_proposal} (V11), and what the pages show of each proposal. */
@Repository
class ProposalStore {

    /** A proposal as the decision needs it, locked. */
    record Row(long id, ProposalKind kind, ProposalStatus status, long listId, Long installmentId, Long voucherId,
               String location, String reason, String proposedBy, Instant proposedAt, String decidedBy) {
    }

    private static final String VIEW = """
            SELECT p.id, p.kind, p.status, p.list_id, l.programme, p.installment_id, i.number, p.voucher_id,
                   b.beneficiary_id, b.full_name, i.channel,
                   CASE WHEN p.kind = 'LIST_RETRY' THEN (SELECT CAST(sum(f.amount_minor) AS bigint) FROM installment f
                        WHERE f.list_id = p.list_id AND f.state = 'FAILED' AND f.channel <> 'CASH') ELSE i.amount_minor END AS amount_minor,
                   coalesce(i.currency, l.currency) AS currency, p.location, coalesce(v.location, b.location) AS current_location,
                   p.reason,
                   CASE WHEN p.kind = 'LIST_RETRY' THEN (SELECT count(*) FROM installment f
                        WHERE f.list_id = p.list_id AND f.state = 'FAILED' AND f.channel <> 'CASH') END AS failed_now,
                   p.proposed_by, p.proposed_at, p.decided_by, p.decided_at, p.decision_note, p.outcome
            FROM money_proposal p
            JOIN payment_list l ON l.id = p.list_id
            LEFT JOIN installment i ON i.id = p.installment_id
            LEFT JOIN beneficiary b ON b.id = i.beneficiary_ref
            LEFT JOIN voucher v ON v.id = p.voucher_id
            """;

    private final NamedParameterJdbcTemplate jdbc;

    ProposalStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long insert(ProposalKind kind, long listId, Long installmentId, Long voucherId, String location, String reason,
                String proposedBy, Instant now) {
        return jdbc.queryForObject("""
                INSERT INTO money_proposal (kind, list_id, installment_id, voucher_id, location, reason, status,
                                            proposed_by, proposed_key, proposed_at)
                VALUES (:kind, :listId, :installmentId, :voucherId, :location, :reason, 'PROPOSED',
                        :proposedBy, :proposedKey, :now)
                RETURNING id""", new MapSqlParameterSource()
                .addValue("kind", kind.name()).addValue("listId", listId)
                .addValue("installmentId", installmentId, java.sql.Types.BIGINT)
                .addValue("voucherId", voucherId, java.sql.Types.BIGINT)
                .addValue("location", location).addValue("reason", reason)
                .addValue("proposedBy", proposedBy).addValue("proposedKey", UserNames.canonical(proposedBy))
                .addValue("now", Timestamp.from(now)), Long.class);
    }

    /** The open proposal about the same thing, if there is one (one is open per installment, voucher or list retry). */
    Optional<Long> openFor(ProposalKind kind, long listId, Long installmentId, Long voucherId) {
        return jdbc.queryForList("""
                SELECT id FROM money_proposal WHERE status = 'PROPOSED'
                  AND CASE WHEN CAST(:voucherId AS bigint) IS NOT NULL THEN voucher_id = :voucherId
                           WHEN :kind = 'SWITCH_TO_CASH' THEN kind = 'SWITCH_TO_CASH' AND installment_id = :installmentId
                           ELSE kind = 'LIST_RETRY' AND list_id = :listId END""", new MapSqlParameterSource()
                .addValue("kind", kind.name()).addValue("listId", listId)
                .addValue("installmentId", installmentId, java.sql.Types.BIGINT)
                .addValue("voucherId", voucherId, java.sql.Types.BIGINT), Long.class).stream().findFirst();
    }

    Optional<Row> lock(long id) {
        return jdbc.query("SELECT * FROM money_proposal WHERE id = :id FOR UPDATE", new MapSqlParameterSource("id", id),
                (rs, n) -> new Row(rs.getLong("id"), ProposalKind.valueOf(rs.getString("kind")),
                        ProposalStatus.valueOf(rs.getString("status")), rs.getLong("list_id"),
                        rs.getObject("installment_id", Long.class), rs.getObject("voucher_id", Long.class),
                        rs.getString("location"), rs.getString("reason"), rs.getString("proposed_by"),
                        rs.getTimestamp("proposed_at").toInstant(), rs.getString("decided_by"))).stream().findFirst();
    }

    /** Moves a proposal from {@code from} to its decision; false if it was not in {@code from} any more. */
    boolean decide(long id, ProposalStatus from, ProposalStatus to, String actor, Instant now, String note) {
        return jdbc.update("""
                UPDATE money_proposal SET status = :to, decided_by = :actor, decided_key = :key, decided_at = :now,
                       decision_note = :note
                WHERE id = :id AND status = :from""", new MapSqlParameterSource()
                .addValue("id", id).addValue("from", from.name()).addValue("to", to.name())
                .addValue("actor", actor).addValue("key", UserNames.canonical(actor))
                .addValue("now", Timestamp.from(now)).addValue("note", note)) == 1;
    }

    void outcome(long id, String outcome) {
        jdbc.update("UPDATE money_proposal SET outcome = :outcome WHERE id = :id",
                new MapSqlParameterSource().addValue("id", id).addValue("outcome", outcome));
    }

    /** Open proposals made before {@code cutoff}, locked (SKIP LOCKED: one being decided right now is left alone). */
    List<Long> lapsedBefore(Instant cutoff) {
        return jdbc.queryForList("""
                SELECT id FROM money_proposal WHERE status = 'PROPOSED' AND proposed_at <= :cutoff
                ORDER BY id FOR UPDATE SKIP LOCKED""", new MapSqlParameterSource("cutoff", Timestamp.from(cutoff)), Long.class);
    }

    Optional<Proposal> view(long id, Duration expireAfter) {
        return jdbc.query(VIEW + " WHERE p.id = :id", new MapSqlParameterSource("id", id),
                (rs, n) -> map(rs, expireAfter)).stream().findFirst();
    }

    /**
     * Proposals newest first: {@code status} (PROPOSED: only those not lapsed by {@code now}) and {@code listId} when
     * given, at most {@code limit}.
     */
    List<Proposal> views(ProposalStatus status, Long listId, int limit, Instant now, Duration expireAfter) {
        return jdbc.query(VIEW + """
                WHERE (CAST(:status AS varchar) IS NULL OR p.status = :status)
                  AND (CAST(:listId AS bigint) IS NULL OR p.list_id = :listId)
                  AND (CAST(:status AS varchar) IS DISTINCT FROM 'PROPOSED' OR p.proposed_at > :cutoff)
                ORDER BY p.id DESC LIMIT :limit""", new MapSqlParameterSource()
                .addValue("status", status == null ? null : status.name())
                .addValue("listId", listId, java.sql.Types.BIGINT)
                .addValue("cutoff", Timestamp.from(now.minus(expireAfter)))
                .addValue("limit", limit), (rs, n) -> map(rs, expireAfter));
    }

    private static Proposal map(ResultSet rs, Duration expireAfter) throws SQLException {
        Instant proposedAt = rs.getTimestamp("proposed_at").toInstant();
        Timestamp decidedAt = rs.getTimestamp("decided_at");
        ProposalStatus status = ProposalStatus.valueOf(rs.getString("status"));
        String currency = rs.getString("currency");
        return new Proposal(rs.getLong("id"), ProposalKind.valueOf(rs.getString("kind")), status,
                rs.getLong("list_id"), rs.getString("programme"), rs.getObject("installment_id", Long.class),
                rs.getObject("number", Integer.class), rs.getObject("voucher_id", Long.class),
                rs.getString("beneficiary_id"), rs.getString("full_name"), rs.getString("channel"),
                rs.getObject("amount_minor", Long.class), currency == null ? null : currency.strip(),
                rs.getString("location"), rs.getString("current_location"), rs.getString("reason"),
                rs.getObject("failed_now", Long.class), rs.getString("proposed_by"), proposedAt,
                status == ProposalStatus.PROPOSED ? ProposalRule.expiresAt(proposedAt, expireAfter) : null,
                rs.getString("decided_by"), decidedAt == null ? null : decidedAt.toInstant(),
                rs.getString("decision_note"), rs.getString("outcome"));
    }
}
