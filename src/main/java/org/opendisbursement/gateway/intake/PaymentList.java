package org.opendisbursement.gateway.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Currency;
import java.util.UUID;

/** A payment list as stored: its fields, who uploaded and who decided on it, and its totals. */
public record PaymentList(long id, UUID uid, String programme, Currency currency, LocalDate firstDueDate,
                          Period interval, String approvalReference, String fileName, String source,
                          ListStatus status, int rowCount, long totalMinor, int installmentCount, int errorCount,
                          String uploadedBy, Instant uploadedAt, String decidedBy, Instant decidedAt,
                          String decisionReason) {

    public ListFields fields() {
        return new ListFields(programme, currency, firstDueDate, interval, approvalReference);
    }
}
