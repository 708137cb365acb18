package org.opendisbursement.gateway.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.opendisbursement.gateway.system.SpreadsheetCsv;

/**
 * A donor report as one flat CSV table: one row per breakdown line (total, by list, channel, location, category),
 * amounts in major units as plain numbers with the currency beside them, so a spreadsheet can sum them.
 */
public final class DonorReportCsv {

    private DonorReportCsv() {
    }

    public static void write(DonorReport report, OutputStream out) throws IOException {
        try (SpreadsheetCsv csv = SpreadsheetCsv.open(out, "programme", "list_id", "breakdown", "value", "currency",
                "beneficiaries", "beneficiaries_paid", "installments", "planned", "paid", "pending", "failed", "cancelled",
                "paid_percent")) {
            for (DonorReport.Row row : report.rows()) {
                csv.row(Arrays.asList(report.programme(), report.listId(), row.dimension().name().toLowerCase(java.util.Locale.ROOT),
                        row.value(), row.currency(), row.beneficiaries(), row.beneficiariesPaid(), row.installments(),
                        row.planned().major(), row.paid().major(), row.pending().major(), row.failed().major(),
                        row.cancelled().major(), row.paidPercent()));
            }
        }
    }
}
