package org.opendisbursement.gateway.api;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.opendisbursement.gateway.reports.DonorReport;
import org.springframework.web.util.HtmlUtils;

/**
 * A donor report as a self-contained, printable HTML page (print it to PDF from the browser): the lists covered,
 * the totals and each breakdown as a table, amounts as "BDT 7,500.00". Every text from the data is escaped; the page
 * is UTF-8, so names and places in any script show as written.
 */
final class DonorReportHtml {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private DonorReportHtml() {
    }

    static String render(DonorReport report, ZoneId zone) {
        String title = report.listId() == null
                ? "Programme " + report.programme()
                : "List " + report.listId() + " of programme " + report.programme();
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape("Disbursement report: " + title)).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,'Noto Sans','Noto Sans Bengali',sans-serif;margin:2em;color:#222}\n")
                .append("h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ccc}\n")
                .append("table{border-collapse:collapse;margin:.5em 0;font-size:.9em}\n")
                .append("th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\n")
                .append("th{background:#f3f3f3}td.n{text-align:right;white-space:nowrap}\n")
                .append(".note{color:#555;font-size:.85em}@media print{body{margin:0}}\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Disbursement report: ").append(escape(title)).append("</h1>\n");
        html.append("<p class=\"note\">Generated ").append(escape(WHEN.format(report.generatedAt().atZone(zone))))
                .append(" (").append(escape(zone.getId())).append(")")
                .append(report.listId() == null ? "; approved lists of the programme." : ".").append("</p>\n");

        html.append("<h2>Lists</h2>\n<table>\n<tr><th>List</th><th>Status</th><th>File</th><th>Approval reference</th>")
                .append("<th>First due</th><th>Beneficiaries</th><th>Uploaded by</th><th>Decided by</th><th>Decided</th></tr>\n");
        for (DonorReport.ListInfo list : report.lists()) {
            html.append("<tr><td class=\"n\">").append(list.id()).append("</td><td>").append(escape(list.status()))
                    .append("</td><td>").append(escape(list.fileName())).append("</td><td>")
                    .append(escape(list.approvalReference())).append("</td><td>").append(list.firstDueDate())
                    .append("</td><td class=\"n\">").append(count(list.beneficiaries())).append("</td><td>")
                    .append(escape(list.uploadedBy())).append("</td><td>").append(escape(list.decidedBy())).append("</td><td>")
                    .append(list.decidedAt() == null ? "" : escape(WHEN.format(list.decidedAt().atZone(zone))))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");

        for (DonorReport.Dimension dimension : DonorReport.Dimension.values()) {
            List<DonorReport.Row> rows = report.rows(dimension);
            if (dimension == DonorReport.Dimension.LIST && report.listId() != null) {
                continue;
            }
            html.append("<h2>").append(escape(dimension.heading())).append("</h2>\n");
            if (rows.isEmpty()) {
                html.append("<p class=\"note\">No installments yet.</p>\n");
                continue;
            }
            html.append("<table>\n<tr>");
            if (dimension != DonorReport.Dimension.TOTAL) {
                html.append("<th>").append(escape(label(dimension))).append("</th>");
            }
            html.append("<th>Beneficiaries</th><th>Paid (people)</th><th>Installments</th><th>Planned</th><th>Paid</th>")
                    .append("<th>Pending</th><th>Failed</th><th>Cancelled</th><th>Paid share</th></tr>\n");
            for (DonorReport.Row row : rows) {
                html.append("<tr>");
                if (dimension != DonorReport.Dimension.TOTAL) {
                    html.append("<td>").append(row.value() == null ? "<em>not given</em>" : escape(row.value())).append("</td>");
                }
                html.append(cell(count(row.beneficiaries()))).append(cell(count(row.beneficiariesPaid())))
                        .append(cell(count(row.installments()))).append(cell(row.planned().display()))
                        .append(cell(row.paid().display())).append(cell(row.pending().display()))
                        .append(cell(row.failed().display())).append(cell(row.cancelled().display()))
                        .append(cell(row.paidPercent() + "%")).append("</tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("<p class=\"note\">Planned: every installment not cancelled. Paid: confirmed by the provider, or")
                .append(" handed over against a voucher. Pending: planned and not yet paid or failed, including installments")
                .append(" not yet due and those under review. Failed: refused by the provider, or a cash voucher that expired")
                .append(" unredeemed, and not yet paid another way.</p>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static String label(DonorReport.Dimension dimension) {
        return switch (dimension) {
            case LIST -> "List";
            case CHANNEL -> "Channel";
            case LOCATION -> "Location";
            case CATEGORY -> "Category";
            case TOTAL -> "";
        };
    }

    private static String cell(String text) {
        return "<td class=\"n\">" + escape(text) + "</td>";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String escape(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
