package org.opendisbursement.gateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.opendisbursement.gateway.money.Amount;
import org.opendisbursement.gateway.system.SpreadsheetCsv;

/**
 * Ledger entries as a spreadsheet CSV ({@link SpreadsheetCsv}: byte-order mark, RFC 4180, cells safe from
 * formulas), one entry a row in the columns of {@link #HEADER}, amounts in major units beside the minor ones.
 */
final class LedgerCsv {

    static final String[] COLUMNS = {"id", "occurred_at", "actor", "action", "list_id", "programme", "installment_id",
            "beneficiary_id", "beneficiary_name", "channel", "amount", "amount_minor", "currency", "from_state",
            "to_state", "reference", "detail", "prev_hash", "hash"};
    static final String HEADER = String.join(",", COLUMNS);

    private final Writer out;
    private long rows;

    LedgerCsv(Writer out) {
        this.out = out;
    }

    /**
     * The header and every entry the filter matches with an id above {@code after}, oldest first, streamed from a
     * database cursor; then flushes and closes {@code out}.
     */
    void export(LedgerQuery ledger, LedgerFilter filter, long after) {
        try (SpreadsheetCsv csv = SpreadsheetCsv.open(out, COLUMNS)) {
            ledger.stream(filter, after, r -> row(csv, r));
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** How many entries have been written so far. */
    long rows() {
        return rows;
    }

    /** One entry as a row of {@code csv}. */
    void row(SpreadsheetCsv csv, LedgerQuery.Row r) {
        Amount amount = r.amount();
        try {
            csv.row(r.id(), r.occurredAt().toString(), r.actor(), r.action(), r.listId(), r.programme(),
                    r.installmentId(), r.beneficiaryId(), r.beneficiaryName(), r.channel(),
                    amount == null ? null : amount.major(), amount == null ? null : amount.minor(),
                    amount == null ? null : amount.currency(), r.fromState(), r.toState(), r.reference(), r.detail(),
                    r.prevHash(), r.hash());
        } catch (IOException e) {
            throw failed(e);
        }
        rows++;
    }

    private static UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("the CSV export could not be written (the client went away?)", e);
    }
}
