package org.opendisbursement.gateway.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.opendisbursement.gateway.money.Amount;

/**
 * What a donor sees of a programme or one list: the lists it covers, and beneficiaries and money planned, paid,
 * pending and failed, in total and by list, channel, location and category, per currency. Planned is every
 * installment not cancelled; paid is confirmed (by the provider, or a redeemed voucher); failed is refused for good
 * or a voucher that expired unredeemed; pending is the rest of planned (including installments not yet due and those
 * a person must review).
 */
public record DonorReport(String programme, Long listId, Instant generatedAt, List<ListInfo> lists, List<Row> rows) {

    public enum Dimension {
        TOTAL("Total"), LIST("By list"), CHANNEL("By channel"), LOCATION("By location"), CATEGORY("By category");

        private final String heading;

        Dimension(String heading) {
            this.heading = heading;
        }

        public String heading() {
            return heading;
        }
    }

    public record ListInfo(long id, String programme, String status, String currency, String fileName, String approvalReference,
                    LocalDate firstDueDate, int beneficiaries, String uploadedBy, String decidedBy, Instant decidedAt) {
    }

    /** One line of a breakdown; {@code value} is the list id, channel, location or category (null when not given). */
    public record Row(Dimension dimension, String value, String currency, long beneficiaries, long beneficiariesPaid,
               long installments, Amount planned, Amount paid, Amount pending, Amount failed, Amount cancelled) {

        /** Share of the planned amount paid, in tenths of a percent (no floating point near money). */
        long paidPerMille() {
            return planned.minor() == 0 ? 0 : Math.multiplyExact(paid.minor(), 1000L) / planned.minor();
        }

        /** The paid share as a percent with one decimal, rounded down: "123.4". */
        public String paidPercent() {
            long perMille = paidPerMille();
            return (perMille / 10) + "." + (perMille % 10);
        }
    }

    public List<Row> rows(Dimension dimension) {
        return rows.stream().filter(r -> r.dimension() == dimension).toList();
    }
}
