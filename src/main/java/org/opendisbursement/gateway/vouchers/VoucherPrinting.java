package org.opendisbursement.gateway.vouchers;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.opendisbursement.gateway.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Prints the vouchers of one installment number of a list at one distribution point. Released cash installments
 * are issued first; then each voucher not printed yet gets its code, made here and written nowhere but the PDF (the
 * database keeps its hash and last four symbols), and a VOUCHER_PRINTED ledger entry. A voucher is printed once:
 * a reprint, asked for explicitly, voids the codes of the unpaid vouchers and prints new ones marked REPRINT
 * (VOUCHER_REPRINTED), so a lost or copied sheet cannot be paid. A copy (an auditor's) shows the register only
 * and changes nothing.
 */
@Service
public class VoucherPrinting {

    public enum Mode { PRINT, REPRINT, COPY }

    public record Printed(byte[] pdf, int vouchers, String location) {

        /** The sheet's file name: list, installment and distribution point, and the mode unless a first print. */
        public String fileName(long listId, int number, Mode mode) {
            return "vouchers-list-" + listId + "-installment-" + number + "-"
                    + location.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-")
                    + (mode == Mode.PRINT ? "" : "-" + mode.name().toLowerCase(Locale.ROOT)) + ".pdf";
        }
    }

    private record Row(long voucherId, long installmentId, String beneficiaryId, String fullName, long amountMinor,
                       String currency, int installments, String location, String state, Instant validUntil,
                       Long replaces, Long codeId, String codeTail, Instant printedAt, String printedBy, Integer printNo,
                       Instant redeemedAt, String reference, int maxPrintNo) {
    }

    private static final Logger log = LoggerFactory.getLogger(VoucherPrinting.class);

    private static final String ROWS = """
            SELECT v.id, v.installment_id, b.beneficiary_id, b.full_name, v.amount_minor, v.currency, b.installments,
                   v.location, v.state, v.valid_until, v.replaces, c.id AS code_id, c.code_tail, c.printed_at,
                   c.printed_by, c.print_no, coalesce(v.redeemed_at, v.closed_at) AS redeemed_at,
                   i.provider_reference::text AS reference,
                   (SELECT coalesce(max(a.print_no), 0) FROM voucher_code a WHERE a.voucher_id = v.id) AS max_print_no
            FROM voucher v JOIN beneficiary b ON b.id = v.beneficiary_ref JOIN installment i ON i.id = v.installment_id
            LEFT JOIN voucher_code c ON c.voucher_id = v.id AND c.voided_at IS NULL
            WHERE v.list_id = :listId AND v.number = :number AND lower(v.location) = lower(:location) AND v.state <> 'VOID'
            ORDER BY b.beneficiary_id, v.id
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final VoucherIssue issue;
    private final Ledger ledger;
    private final SheetFonts fonts;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    VoucherPrinting(NamedParameterJdbcTemplate jdbc, VoucherIssue issue, Ledger ledger, SheetFonts fonts, Clock clock) {
        this.jdbc = jdbc;
        this.issue = issue;
        this.ledger = ledger;
        this.fonts = fonts;
        this.clock = clock;
    }

    @Transactional
    public Printed print(long listId, int number, String location, String actor, Mode mode) {
        String programme = programme(listId, number);
        String point = location == null ? "" : location.strip().replaceAll("\\s+", " ");
        if (point.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "give the distribution point: ?location=…, one of " + locations(listId, number));
        }
        if (mode != Mode.COPY) {
            issue.issue(listId, number, actor);
        }
        var parameters = new MapSqlParameterSource().addValue("listId", listId).addValue("number", number).addValue("location", point);
        if (mode != Mode.COPY) {
            // lock first, then read afresh: a concurrent print of the same point has committed its codes by then
            jdbc.queryForList("""
                    SELECT id FROM voucher WHERE list_id = :listId AND number = :number AND lower(location) = lower(:location)
                      AND state = 'ISSUED' ORDER BY id FOR UPDATE""", parameters, Long.class);
        }
        List<Row> rows = rows(parameters);
        if (rows.isEmpty()) {
            throw new ListNotFoundException("installment " + number + " of list " + listId + " has no cash vouchers at '"
                    + point + "'; distribution points with vouchers: " + locations(listId, number));
        }
        Instant now = clock.instant();
        var heading = new VoucherSheet.Heading(programme, listId, number, rows.get(0).location(), now, actor,
                mode == Mode.COPY ? VoucherSheet.Kind.COPY : mode == Mode.REPRINT ? VoucherSheet.Kind.REPRINT : VoucherSheet.Kind.PRINT);
        var sheet = new VoucherSheet(fonts, clock.getZone());
        if (mode == Mode.COPY) {
            return new Printed(sheet.render(heading, List.of(), lines(rows)), 0, heading.location());
        }

        List<Row> open = rows.stream().filter(r -> "ISSUED".equals(r.state())).toList();
        List<Row> chosen = mode == Mode.REPRINT ? open : open.stream().filter(r -> r.codeId() == null).toList();
        if (chosen.isEmpty()) {
            if (!open.isEmpty()) {
                Row printed = open.get(0);
                throw new StateConflictException("the vouchers of installment " + number + " at " + heading.location()
                        + " were printed on " + printed.printedAt() + " by " + printed.printedBy()
                        + "; a voucher is printed once. Ask for reprint=true to void their codes and print new ones"
                        + " (the earlier sheet can then no longer be paid), or copy=true for the register");
            }
            throw new StateConflictException("no voucher of installment " + number + " at " + heading.location()
                    + " is left to pay (all are redeemed, expired or cancelled); copy=true gives the register");
        }

        List<VoucherSheet.Face> faces = new ArrayList<>();
        List<LedgerEntry> entries = new ArrayList<>();
        List<MapSqlParameterSource> codes = new ArrayList<>();
        Map<Long, String> newTails = new HashMap<>();
        for (Row row : chosen) {
            VoucherCode code = VoucherCode.generate(random);
            int printNo = row.maxPrintNo() + 1;
            Money amount = Money.ofMinor(row.amountMinor(), row.currency());
            faces.add(new VoucherSheet.Face(row.voucherId(), row.beneficiaryId(), row.fullName(), amount, row.installments(),
                    VoucherIssue.lastDay(row.validUntil(), clock.getZone()), code, printNo, printNo == 1 ? row.replaces() : null));
            codes.add(new MapSqlParameterSource().addValue("voucherId", row.voucherId()).addValue("hash", code.hash())
                    .addValue("tail", code.tail()).addValue("printNo", printNo).addValue("now", Timestamp.from(now))
                    .addValue("actor", actor).addValue("oldCode", row.codeId()));
            newTails.put(row.voucherId(), code.tail());
            String detail = printNo == 1
                    ? "voucher " + row.voucherId() + " printed for " + heading.location() + " (code " + code + ")"
                    : "voucher " + row.voucherId() + " reprinted (print " + printNo + ") for " + heading.location()
                      + ": code " + (row.codeTail() == null ? "none" : VoucherCode.masked(row.codeTail())) + " void, new code " + code;
            entries.add(LedgerEntry.at(now)
                    .by(actor).action(printNo == 1 ? LedgerAction.VOUCHER_PRINTED : LedgerAction.VOUCHER_REPRINTED).list(listId)
                    .installment(row.installmentId()).beneficiary(row.beneficiaryId())
                    .amount(row.amountMinor(), row.currency()).reference(row.reference()).detail(detail).build());
        }
        jdbc.batchUpdate("""
                UPDATE voucher_code SET voided_at = :now, void_reason = 'REPRINT' WHERE id = :oldCode AND voided_at IS NULL""",
                codes.stream().filter(c -> c.getValue("oldCode") != null).toArray(MapSqlParameterSource[]::new));
        jdbc.batchUpdate("""
                INSERT INTO voucher_code (voucher_id, code_hash, code_tail, print_no, printed_at, printed_by)
                VALUES (:voucherId, :hash, :tail, :printNo, :now, :actor)""", codes.toArray(MapSqlParameterSource[]::new));
        jdbc.update("UPDATE voucher SET print_count = print_count + 1 WHERE id IN (:ids)",
                new MapSqlParameterSource("ids", chosen.stream().map(Row::voucherId).toList()));
        ledger.appendAll(entries);

        List<VoucherSheet.Line> register = rows.stream().map(r -> line(r, newTails.getOrDefault(r.voucherId(), r.codeTail()))).toList();
        byte[] pdf = sheet.render(heading, faces, register);
        log.info("{} of {} voucher(s) of list {} installment {} at {} by {}", mode, faces.size(), listId, number,
                heading.location(), actor);
        return new Printed(pdf, faces.size(), heading.location());
    }

    private List<Row> rows(MapSqlParameterSource parameters) {
        return jdbc.query(ROWS, parameters, (rs, n) -> new Row(rs.getLong("id"), rs.getLong("installment_id"),
                rs.getString("beneficiary_id"), rs.getString("full_name"), rs.getLong("amount_minor"),
                rs.getString("currency").strip(), rs.getInt("installments"), rs.getString("location"), rs.getString("state"),
                rs.getTimestamp("valid_until").toInstant(), (Long) rs.getObject("replaces"), (Long) rs.getObject("code_id"),
                rs.getString("code_tail"), instant(rs.getTimestamp("printed_at")), rs.getString("printed_by"),
                (Integer) rs.getObject("print_no"), instant(rs.getTimestamp("redeemed_at")), rs.getString("reference"),
                rs.getInt("max_print_no")));
    }

    private static List<VoucherSheet.Line> lines(List<Row> rows) {
        return rows.stream().map(r -> line(r, r.codeTail())).toList();
    }

    private static VoucherSheet.Line line(Row r, String tail) {
        return new VoucherSheet.Line(r.voucherId(), r.beneficiaryId(), r.fullName(), Money.ofMinor(r.amountMinor(), r.currency()),
                tail, r.state(), r.redeemedAt());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private String programme(long listId, int number) {
        List<String> programme = jdbc.queryForList("SELECT programme FROM payment_list WHERE id = :id",
                Map.of("id", listId), String.class);
        if (programme.isEmpty()) {
            throw new ListNotFoundException("no payment list " + listId);
        }
        Integer installments = jdbc.queryForObject("SELECT count(*) FROM installment WHERE list_id = :id AND number = :n",
                Map.of("id", listId, "n", number), Integer.class);
        if (installments == null || installments == 0) {
            throw new ListNotFoundException("list " + listId + " has no installment " + number);
        }
        return programme.get(0);
    }

    /** The distribution points of an installment's cash payments. */
    List<String> locations(long listId, int number) {
        return jdbc.queryForList("""
                SELECT location FROM voucher WHERE list_id = :listId AND number = :number AND state <> 'VOID'
                UNION
                SELECT regexp_replace(btrim(b.location), '\\s+', ' ', 'g') FROM installment i
                JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :listId AND i.number = :number AND i.channel = 'CASH' AND i.state = 'READY'
                  AND b.location IS NOT NULL
                ORDER BY 1""", Map.of("listId", listId, "number", number), String.class);
    }
}
