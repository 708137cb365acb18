package org.opendisbursement.gateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.opendisbursement.gateway.money.Amount;

/**
 * Writes ledger entries as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a
 * quote or a line break, quotes doubled) that is safe to open in a spreadsheet: a field beginning with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading single quote, so no name, reason or
 * provider text can run as a formula. {@link #safe} is the gateway's one rule for that, used by its other CSV
 * downloads too.
 */
public final class LedgerCsv {

    static final String HEADER = "id,occurred_at,actor,action,list_id,programme,installment_id,beneficiary_id,"
            + "beneficiary_name,channel,amount,amount_minor,currency,from_state,to_state,reference,detail,prev_hash,hash";

    private final Writer out;
    private long rows;

    LedgerCsv(Writer out) {
        this.out = out;
    }

    /**
     * A byte-order mark (so spreadsheets read Bengali and other names as UTF-8), the header, and every entry the
     * filter matches with an id above {@code after}, streamed from a database cursor; then flushes.
     */
    void export(LedgerQuery ledger, LedgerFilter filter, long after) {
        try {
            out.write('\uFEFF');
            header();
            ledger.stream(filter, after, this::row);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the CSV export could not be written (the client went away?)", e);
        }
    }

    /** How many entries have been written so far. */
    long rows() {
        return rows;
    }

    void header() {
        line(HEADER);
    }

    void row(LedgerQuery.Row r) {
        Amount amount = r.amount();
        List<String> cells = new ArrayList<>(19);
        cells.add(Long.toString(r.id()));
        cells.add(r.occurredAt().toString());
        cells.add(r.actor());
        cells.add(r.action());
        cells.add(text(r.listId()));
        cells.add(r.programme());
        cells.add(text(r.installmentId()));
        cells.add(r.beneficiaryId());
        cells.add(r.beneficiaryName());
        cells.add(r.channel());
        cells.add(amount == null ? null : amount.major());
        cells.add(amount == null ? null : Long.toString(amount.minor()));
        cells.add(amount == null ? null : amount.currency());
        cells.add(r.fromState());
        cells.add(r.toState());
        cells.add(r.reference());
        cells.add(r.detail());
        cells.add(r.prevHash());
        cells.add(r.hash());
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells.get(i)));
        }
        line(line.toString());
        rows++;
    }

    private void line(String text) {
        try {
            out.write(text);
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException("the CSV export could not be written (the client went away?)", e);
        }
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }

    /**
     * A text cell a spreadsheet will show and not run: one beginning with {@code =}, {@code +}, {@code -}, {@code @},
     * a tab or a carriage return gets a leading single quote. Null stays null. (Quoting is the CSV writer's business.)
     */
    public static String safe(String value) {
        if (value == null || value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0) {
            return value;
        }
        return "'" + value;
    }

    /** One field: neutralised against formula injection, then quoted if RFC 4180 needs it. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = safe(value);
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
