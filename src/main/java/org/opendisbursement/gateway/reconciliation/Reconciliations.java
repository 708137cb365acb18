package org.opendisbursement.gateway.reconciliation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderCalls;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.opendisbursement.gateway.system.GatewayLimits;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Imports a provider's statement and reconciles it against the ledger in one transaction: the file is read twice
 * (checked, then stored line by line, never held whole), each first occurrence of a reference is matched against
 * its installment ({@link Matching}), repeated references are flagged, confirmed installments of the provider in
 * the statement's period that the statement leaves out are flagged, a line proving paid (in the payout's amount) an
 * installment that waits open or for a person settles it (CONFIRMED, saying so in the ledger), and every flag writes a
 * {@code RECONCILIATION_FLAGGED} ledger entry. Resolving a flag writes {@code RECONCILIATION_RESOLVED}.
 */
@Component
public class Reconciliations {

    /** Where a statement's bytes come from; opened once per pass. */
    @FunctionalInterface
    public interface StatementSource {
        InputStream open() throws IOException;
    }

    /**
     * @param from first day of the statement's period (in the gateway's time zone), null = the statement's first day
     * @param to   last day of the period, inclusive; null = the statement's last day
     */
    public record Upload(String provider, String fileName, StatementSource source, LocalDate from, LocalDate to, String actor) {
    }

    private static final int BATCH = 1000;

    private static final String INSERT_LINE = """
            INSERT INTO statement_line (reconciliation_id, line_no, reference, reference_uuid, amount, currency, occurred_at,
                                        status, paid)
            VALUES (:id, :lineNo, :reference, :referenceUuid, :amount, :currency, :occurredAt, :status, :paid)""";

    private static final String INSERT_RESULT = """
            INSERT INTO reconciliation_result (reconciliation_id, outcome, line_no, reference, installment_id, list_id,
                                               beneficiary_id, ledger_state, channel, ledger_amount_minor, currency,
                                               statement_amount, statement_status, statement_time, detail, review)
            VALUES (:id, :outcome, :lineNo, :reference, :installmentId, :listId, :beneficiaryId, :ledgerState, :channel,
                    :ledgerAmountMinor, :currency, :statementAmount, :statementStatus, :statementTime, :detail, :review)""";

    private final NamedParameterJdbcTemplate jdbc;
    private final ProviderCalls calls;
    private final Moves moves;
    private final Ledger ledger;
    private final GatewayLimits limits;
    private final Clock clock;

    Reconciliations(NamedParameterJdbcTemplate jdbc, ProviderCalls calls, Moves moves, Ledger ledger, GatewayLimits limits,
                    Clock clock) {
        this.jdbc = jdbc;
        this.calls = calls;
        this.moves = moves;
        this.ledger = ledger;
        this.limits = limits;
        this.clock = clock;
    }

    /** @return the id of the new reconciliation */
    @Transactional
    public long importStatement(Upload upload) {
        ProviderAdapter adapter = calls.adapters().get(upload.provider());
        if (adapter == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "no provider '" + upload.provider()
                    + "'; one of " + new java.util.TreeSet<>(calls.adapters().keySet()));
        }
        ZoneId zone = clock.getZone();
        String sha256 = sha256(upload.source());
        earlier(upload.provider(), sha256).ifPresent(id -> {
            throw new DuplicateStatementException(id);
        });
        StatementCsv.Reading checked = read(upload.source(), zone, line -> {
        });
        if (checked.errorCount() > 0) {
            throw new StatementRejectedException("the statement has " + checked.errorCount()
                    + " line error(s); nothing was stored: fix them and import it again", checked.errors());
        }
        Instant from = upload.from() != null ? upload.from().atStartOfDay(zone).toInstant()
                : checked.earliest() == null ? null : checked.earliest().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Instant to = upload.to() != null ? upload.to().plusDays(1).atStartOfDay(zone).toInstant()
                : checked.latest() == null ? null : checked.latest().atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        if (from == null || to == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "the statement has no lines: give its period as from and to (yyyy-MM-dd)");
        }
        if (!to.isAfter(from)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the period ends before it starts");
        }
        Instant now = clock.instant();
        long id = insertReconciliation(upload, sha256, from, to, checked.lines(), now);
        storeLines(upload.source(), zone, id);
        flagDuplicates(id);
        matchLines(id, upload.provider(), adapter.channel(), now);
        flagMissingFromStatement(id, adapter.channel(), from, to, zone);
        Map<String, Long> counts = counts(id);
        writeLedger(id, upload, counts, now);
        return id;
    }

    /** A checker's verdict on one flag: it stays in the report, marked RESOLVED with the note. */
    @Transactional
    public void resolve(long reconciliationId, long resultId, String actor, String note) {
        if (note == null || note.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "say how it was resolved: {\"note\": \"…\"}");
        }
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT r.review, r.outcome, r.reference, r.installment_id, r.list_id, r.beneficiary_id, r.ledger_amount_minor,
                       r.currency, c.provider
                FROM reconciliation_result r JOIN reconciliation c ON c.id = r.reconciliation_id
                WHERE r.id = :resultId AND r.reconciliation_id = :id FOR UPDATE OF r""",
                Map.of("resultId", resultId, "id", reconciliationId));
        if (rows.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "no result " + resultId + " in reconciliation " + reconciliationId);
        }
        Map<String, Object> row = rows.get(0);
        if (!"OPEN".equals(row.get("review"))) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "result " + resultId + " is "
                    + (row.get("review") == null ? "a match, not a flag" : "already resolved"));
        }
        Instant now = clock.instant();
        jdbc.update("""
                UPDATE reconciliation_result SET review = 'RESOLVED', reviewed_by = :actor, reviewed_at = :now, review_note = :note
                WHERE id = :resultId""", new MapSqlParameterSource().addValue("actor", actor).addValue("now", Timestamp.from(now))
                .addValue("note", note.strip()).addValue("resultId", resultId));
        ledger.append(LedgerEntry.at(now)
                .by(actor).action(LedgerAction.RECONCILIATION_RESOLVED).list((Long) row.get("list_id"))
                .installment((Long) row.get("installment_id")).beneficiary((String) row.get("beneficiary_id"))
                .amount((Long) row.get("ledger_amount_minor"), (String) row.get("currency")).from("OPEN")
                .to("RESOLVED").reference(left((String) row.get("reference"), 64))
                .detail(left(row.get("outcome") + " in reconciliation " + reconciliationId + " (" + row.get("provider")
                        + "): " + note.strip(), 2000))
                .build());
    }

    private java.util.Optional<Long> earlier(String provider, String sha256) {
        return jdbc.queryForList("SELECT id FROM reconciliation WHERE provider = :provider AND content_sha256 = :sha",
                Map.of("provider", provider, "sha", sha256), Long.class).stream().findFirst();
    }

    private long insertReconciliation(Upload upload, String sha256, Instant from, Instant to, int lines, Instant now) {
        // ON CONFLICT keeps the transaction usable when another import of the same file won the race
        List<Long> inserted = jdbc.queryForList("""
                INSERT INTO reconciliation (provider, file_name, content_sha256, period_from, period_to, line_count,
                                            imported_by, imported_at)
                VALUES (:provider, :fileName, :sha, :from, :to, :lines, :actor, :now)
                ON CONFLICT (provider, content_sha256) DO NOTHING RETURNING id""",
                new MapSqlParameterSource().addValue("provider", upload.provider())
                        .addValue("fileName", left(upload.fileName(), 255)).addValue("sha", sha256)
                        .addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to))
                        .addValue("lines", lines).addValue("actor", upload.actor()).addValue("now", Timestamp.from(now)),
                Long.class);
        if (inserted.isEmpty()) {
            throw new DuplicateStatementException(earlier(upload.provider(), sha256).orElse(0L));
        }
        return inserted.get(0);
    }

    private void storeLines(StatementSource source, ZoneId zone, long id) {
        List<SqlParameterSource> batch = new ArrayList<>(BATCH);
        read(source, zone, line -> {
            batch.add(new MapSqlParameterSource().addValue("id", id).addValue("lineNo", line.lineNo())
                    .addValue("reference", line.reference()).addValue("referenceUuid", line.referenceUuid(), Types.OTHER)
                    .addValue("amount", line.amount()).addValue("currency", line.currency())
                    .addValue("occurredAt", Timestamp.from(line.occurredAt())).addValue("status", line.status())
                    .addValue("paid", line.paid().name()));
            if (batch.size() == BATCH) {
                jdbc.batchUpdate(INSERT_LINE, batch.toArray(SqlParameterSource[]::new));
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            jdbc.batchUpdate(INSERT_LINE, batch.toArray(SqlParameterSource[]::new));
        }
    }

    private void flagDuplicates(long id) {
        jdbc.update("""
                INSERT INTO reconciliation_result (reconciliation_id, outcome, line_no, reference, installment_id, list_id,
                                                   beneficiary_id, ledger_state, channel, ledger_amount_minor, currency,
                                                   statement_amount, statement_status, statement_time, detail, review)
                SELECT l.reconciliation_id, 'DUPLICATE_IN_STATEMENT', l.line_no, l.reference, i.id, i.list_id, b.beneficiary_id,
                       i.state, i.channel, i.amount_minor, coalesce(i.currency, l.currency), l.amount, l.status, l.occurred_at,
                       'the reference is also on line ' || f.first_line || ': the provider may have paid it twice', 'OPEN'
                FROM statement_line l
                JOIN LATERAL (SELECT min(e.line_no) AS first_line FROM statement_line e
                              WHERE e.reconciliation_id = l.reconciliation_id AND e.reference = l.reference) f ON true
                LEFT JOIN installment i ON i.provider_reference = l.reference_uuid
                LEFT JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE l.reconciliation_id = :id AND l.line_no > f.first_line""", Map.of("id", id));
    }

    /**
     * First occurrences of each reference, a page at a time, matched in Java (amounts via {@code Money}). A line that
     * shows paid, in the payout's amount, an installment still open or waiting for a person settles it: CONFIRMED,
     * with its ledger entry, in this transaction.
     */
    private void matchLines(long id, String provider, Channel providerChannel, Instant now) {
        int after = 0;
        while (true) {
            List<SqlParameterSource> results = new ArrayList<>();
            List<Move> settled = new ArrayList<>();
            int[] last = {after};
            jdbc.query("""
                    SELECT l.line_no, l.reference, l.reference_uuid, l.amount, l.currency AS line_currency, l.occurred_at,
                           l.status, l.paid, i.id AS installment_id, i.list_id, i.state, i.channel, i.amount_minor, i.currency,
                           b.beneficiary_id
                    FROM statement_line l
                    LEFT JOIN installment i ON i.provider_reference = l.reference_uuid
                    LEFT JOIN beneficiary b ON b.id = i.beneficiary_ref
                    WHERE l.reconciliation_id = :id AND l.line_no > :after
                      AND NOT EXISTS (SELECT 1 FROM statement_line e WHERE e.reconciliation_id = l.reconciliation_id
                                      AND e.reference = l.reference AND e.line_no < l.line_no)
                    ORDER BY l.line_no LIMIT :limit""", Map.of("id", id, "after", after, "limit", BATCH), rs -> {
                StatementLine line = new StatementLine(rs.getInt("line_no"), rs.getString("reference"),
                        rs.getObject("reference_uuid", java.util.UUID.class), rs.getString("amount"),
                        rs.getString("line_currency"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("status"),
                        StatementStatus.valueOf(rs.getString("paid")));
                Matching.Installment installment = null;
                long installmentId = rs.getLong("installment_id");
                if (!rs.wasNull()) {
                    installment = new Matching.Installment(installmentId, rs.getLong("list_id"), rs.getString("beneficiary_id"),
                            InstallmentState.valueOf(rs.getString("state")), Channel.valueOf(rs.getString("channel")),
                            rs.getLong("amount_minor"), rs.getString("currency"));
                }
                Matching.Decision decision = Matching.decide(line, installment, providerChannel);
                results.add(result(id, line, installment, decision));
                if (decision.settles()) {
                    String detail = "confirmed without a provider transaction id: settled by line " + line.lineNo()
                            + " of the " + provider + " statement in reconciliation " + id + " (" + line.status() + ", "
                            + line.amount() + ")";
                    settled.add(Move.of(installment.id())
                            .from(installment.state()).to(InstallmentState.CONFIRMED).action(LedgerAction.PAYOUT_CONFIRMED)
                            .detail(detail).build());
                }
                last[0] = line.lineNo();
            });
            if (results.isEmpty()) {
                return;
            }
            jdbc.batchUpdate(INSERT_RESULT, results.toArray(SqlParameterSource[]::new));
            moves.apply(settled, "reconciliation:" + provider, now);
            after = last[0];
        }
    }

    private static SqlParameterSource result(long id, StatementLine line, Matching.Installment installment,
                                             Matching.Decision decision) {
        return new MapSqlParameterSource().addValue("id", id).addValue("outcome", decision.outcome().name())
                .addValue("lineNo", line.lineNo()).addValue("reference", line.reference())
                .addValue("installmentId", installment == null ? null : installment.id(), Types.BIGINT)
                .addValue("listId", installment == null ? null : installment.listId(), Types.BIGINT)
                .addValue("beneficiaryId", installment == null ? null : installment.beneficiaryId(), Types.VARCHAR)
                .addValue("ledgerState", installment == null ? null : installment.state().name(), Types.VARCHAR)
                .addValue("channel", installment == null ? null : installment.channel().name(), Types.VARCHAR)
                .addValue("ledgerAmountMinor", installment == null ? null : installment.amountMinor(), Types.BIGINT)
                .addValue("currency", installment == null ? line.currency() : installment.currency(), Types.CHAR)
                .addValue("statementAmount", line.amount()).addValue("statementStatus", line.status())
                .addValue("statementTime", Timestamp.from(line.occurredAt()))
                .addValue("detail", decision.detail())
                .addValue("review", decision.outcome().flagged() ? "OPEN" : null, Types.VARCHAR);
    }

    private void flagMissingFromStatement(long id, Channel channel, Instant from, Instant to, ZoneId zone) {
        jdbc.update("""
                INSERT INTO reconciliation_result (reconciliation_id, outcome, reference, installment_id, list_id, beneficiary_id,
                                                   ledger_state, channel, ledger_amount_minor, currency, detail, review)
                SELECT :id, 'MISSING_FROM_STATEMENT', i.provider_reference::text, i.id, i.list_id, b.beneficiary_id, i.state,
                       i.channel, i.amount_minor, i.currency,
                       'the ledger confirmed it on ' || to_char(i.updated_at AT TIME ZONE :zone, 'YYYY-MM-DD HH24:MI:SS')
                           || '; the statement does not list it', 'OPEN'
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.channel = :channel AND i.state = 'CONFIRMED' AND i.updated_at >= :from AND i.updated_at < :to
                  AND NOT EXISTS (SELECT 1 FROM statement_line l
                                  WHERE l.reconciliation_id = :id AND l.reference_uuid = i.provider_reference)
                ORDER BY i.id""", new MapSqlParameterSource().addValue("id", id).addValue("channel", channel.name())
                .addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)).addValue("zone", zone.getId()));
    }

    private Map<String, Long> counts(long id) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT outcome, count(*) AS n FROM reconciliation_result WHERE reconciliation_id = :id GROUP BY outcome",
                Map.of("id", id), rs -> {
                    counts.put(rs.getString("outcome"), rs.getLong("n"));
                });
        return counts;
    }

    private void writeLedger(long id, Upload upload, Map<String, Long> counts, Instant now) {
        ledger.appendForEach(LedgerAction.RECONCILIATION_FLAGGED, upload.actor(), now, """
                SELECT r.list_id, r.installment_id, r.beneficiary_id, r.ledger_amount_minor, r.currency, NULL, 'OPEN',
                       left(r.reference, 64),
                       left(r.outcome || ' in reconciliation ' || r.reconciliation_id || ' (' || :provider || '): ' || r.detail, 2000)
                FROM reconciliation_result r WHERE r.reconciliation_id = :id AND r.review = 'OPEN' ORDER BY r.id""",
                new MapSqlParameterSource().addValue("provider", upload.provider()).addValue("id", id));
        ledger.append(LedgerEntry.at(now)
                .by(upload.actor()).action(LedgerAction.RECONCILIATION_IMPORTED).reference(upload.provider())
                .detail(left("reconciliation " + id + " of " + upload.provider() + " statement '" + upload.fileName()
                        + "': " + counts, 2000))
                .build());
    }

    private StatementCsv.Reading read(StatementSource source, ZoneId zone, java.util.function.Consumer<StatementLine> sink) {
        try (InputStream in = source.open()) {
            return new StatementCsv(zone, limits.csvFieldLength()).read(in, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(StatementSource source) {
        try (InputStream in = new DigestInputStream(source.open(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String left(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }
}
