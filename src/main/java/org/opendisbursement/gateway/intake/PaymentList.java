package org.opendisbursement.gateway.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Currency;
import java.util.UUID;

/**
 * A payment list as stored: its fields, who uploaded it (a finance maker, or {@value #INBOX} for the inbox), the
 * finance maker answerable for it ({@code confirmedBy}: the uploader over HTTP, the maker who confirmed an inbox
 * list; null while it awaits one), the first of two approvals where the list needs two, who decided on it, and its
 * totals.
 */
public record PaymentList(long id, UUID uid, String programme, Currency currency, LocalDate firstDueDate,
                          Period interval, String approvalReference, String fileName, String source,
                          ListStatus status, int rowCount, long totalMinor, int installmentCount, int errorCount,
                          String uploadedBy, Instant uploadedAt, String decidedBy, Instant decidedAt,
                          String decisionReason, String confirmedBy, Instant confirmedAt, String firstApprovedBy,
                          Instant firstApprovedAt) {

    /** The system actor that uploads the lists dropped into the inbox folder. */
    public static final String INBOX = "inbox";

    public ListFields fields() {
        return new ListFields(programme, currency, firstDueDate, interval, approvalReference);
    }
}
