package org.opendisbursement.gateway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.List;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.PaymentLists;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the audit package offers the web layer (the auditor API and the console's audit pages): ledger entries
 * matching a {@link LedgerFilter}, newest first a page at a time for the console, oldest first after an id for the
 * API; the same entries as a spreadsheet CSV, streamed; one beneficiary's trail across lists; the chain heads to
 * publish; the anchor file (the chain heads kept outside the database, for auditors to keep copies of); a list's
 * totals; and the verification of the hash chains, of one list or of the whole ledger. The classes
 * behind it are public only for the records they answer with; their methods stay package-private.
 */
@Component
public class AuditorLedger {

    /** Entries newest first; {@code older} is the id to page on with (entries before it), null on the last page. */
    public record Entries(List<LedgerQuery.Row> entries, Long older) {
    }

    private final LedgerQuery ledger;
    private final BeneficiaryTrail trails;
    private final LedgerVerifier verifier;
    private final LedgerHeads heads;
    private final ListTotals totals;
    private final PaymentLists lists;
    private final AnchorLog anchorLog;

    AuditorLedger(LedgerQuery ledger, BeneficiaryTrail trails, LedgerVerifier verifier, LedgerHeads heads,
                  ListTotals totals, PaymentLists lists, AnchorLog anchorLog) {
        this.ledger = ledger;
        this.trails = trails;
        this.verifier = verifier;
        this.heads = heads;
        this.totals = totals;
        this.lists = lists;
        this.anchorLog = anchorLog;
    }

    /** Up to {@code limit} entries matching the filter with ids above {@code after}, oldest first (the API's page). */
    public LedgerQuery.Page page(LedgerFilter filter, long after, int limit) {
        return ledger.page(filter, after, limit);
    }

    /** One beneficiary id in any list (or only in lists of {@code programme}): her rows, installments and entries. */
    public BeneficiaryTrail.Trail trail(String beneficiaryId, String programme) {
        return trails.of(beneficiaryId, programme);
    }

    /** The heads of the hash chains (of one list, or all), to publish as anchors. */
    public LedgerHeads.Heads heads(Long listId) {
        return heads.heads(listId);
    }

    /**
     * Copies the anchor file as it stands into {@code out} (text, one anchor a line; nothing before the first anchor):
     * auditors keep copies, and a later copy must begin with every line of an earlier one.
     */
    public void writeAnchors(OutputStream out) throws IOException {
        anchorLog.copyTo(out);
    }

    /**
     * A list's money in buckets that add up to what was approved.
     *
     * @throws ListNotFoundException when there is no such list
     */
    public ListTotals.Totals totals(long listId) {
        return totals.of(listId);
    }

    /** Up to {@code limit} entries matching the filter with ids below {@code before} (null: the newest), newest first. */
    public Entries newestFirst(LedgerFilter filter, Long before, int limit) {
        List<LedgerQuery.Row> rows = ledger.newestFirst(filter, before == null ? Long.MAX_VALUE : before, limit + 1);
        boolean more = rows.size() > limit;
        List<LedgerQuery.Row> entries = more ? rows.subList(0, limit) : rows;
        return new Entries(entries, more ? entries.get(entries.size() - 1).id() : null);
    }

    /**
     * Writes every entry matching the filter with an id above {@code after} as a spreadsheet CSV (byte-order mark,
     * the ledger's columns, cells safe from formulas), oldest first, from a database cursor straight into {@code out},
     * which it closes; returns how many.
     */
    public long writeCsv(LedgerFilter filter, long after, Writer out) {
        LedgerCsv csv = new LedgerCsv(out);
        csv.export(ledger, filter, after);
        return csv.rows();
    }

    /**
     * Recomputes the hash chains of one list ({@code 0}: entries of no list), or of the whole ledger when
     * {@code listId} is null.
     *
     * @throws ListNotFoundException when there is no such list and no entry of it
     */
    public LedgerVerifier.Verification verify(Long listId) {
        return verification(listId, List.of());
    }

    /** {@link #verify} checking the chains against {@code anchors} (heads published earlier) too. */
    public LedgerVerifier.Verification verification(Long listId, List<LedgerVerifier.Anchor> anchors) {
        if (listId != null && listId < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "'list' must be a list id (0: entries of no list)");
        }
        LedgerVerifier.Verification verification = verifier.verify(listId, anchors);
        if (listId != null && listId > 0 && verification.sealedEntries() == 0 && verification.unsealedEntries() == 0
                && verification.problems() == 0 && lists.find(listId).isEmpty()) {
            throw new ListNotFoundException("no payment list " + listId + " and no ledger entries of it");
        }
        return verification;
    }
}
