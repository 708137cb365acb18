package org.opendisbursement.gateway.reports;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendisbursement.gateway.intake.ListStatus;
import org.opendisbursement.gateway.intake.PaymentList;
import org.opendisbursement.gateway.intake.PaymentLists;
import org.opendisbursement.gateway.money.Amount;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds donor reports from the installments, in one grouping-sets query per report: a programme's report covers its
 * approved lists, a list's report that list.
 */
@Component
public class DonorReports {

    private static final int MAX_LISTS = 10_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final PaymentLists lists;
    private final Clock clock;

    DonorReports(NamedParameterJdbcTemplate jdbc, PaymentLists lists, Clock clock) {
        this.jdbc = jdbc;
        this.lists = lists;
        this.clock = clock;
    }

    public Optional<DonorReport> programme(String programme) {
        List<PaymentList> approved = new java.util.ArrayList<>(lists.findAll(programme, ListStatus.APPROVED, MAX_LISTS, Long.MAX_VALUE));
        java.util.Collections.reverse(approved);
        if (approved.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(report(programme, null, approved));
    }

    public Optional<DonorReport> list(long listId) {
        return lists.find(listId).map(list -> report(list.programme(), listId, List.of(list)));
    }

    private DonorReport report(String programme, Long listId, List<PaymentList> covered) {
        List<Long> ids = covered.stream().map(PaymentList::id).toList();
        List<DonorReport.Row> rows = jdbc.query("""
                SELECT GROUPING(i.list_id, i.channel, b.location, b.category) AS grouping,
                       i.currency, i.list_id, i.channel, b.location, b.category,
                       count(DISTINCT i.beneficiary_ref) AS beneficiaries,
                       count(DISTINCT i.beneficiary_ref) FILTER (WHERE i.state = 'CONFIRMED') AS beneficiaries_paid,
                       count(*) FILTER (WHERE i.state <> 'CANCELLED') AS installments,
                       coalesce(sum(i.amount_minor) FILTER (WHERE i.state <> 'CANCELLED'), 0) AS planned,
                       coalesce(sum(i.amount_minor) FILTER (WHERE i.state = 'CONFIRMED'), 0) AS paid,
                       coalesce(sum(i.amount_minor) FILTER (WHERE i.state NOT IN ('CONFIRMED', 'FAILED', 'EXPIRED', 'CANCELLED')), 0) AS pending,
                       coalesce(sum(i.amount_minor) FILTER (WHERE i.state IN ('FAILED', 'EXPIRED')), 0) AS failed,
                       coalesce(sum(i.amount_minor) FILTER (WHERE i.state = 'CANCELLED'), 0) AS cancelled
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id IN (:ids)
                GROUP BY GROUPING SETS ((i.currency), (i.currency, i.list_id), (i.currency, i.channel),
                                        (i.currency, b.location), (i.currency, b.category))
                ORDER BY 1 DESC, i.currency, i.list_id, i.channel, b.location NULLS LAST, b.category NULLS LAST""",
                new MapSqlParameterSource("ids", ids), (rs, n) -> {
                    DonorReport.Dimension dimension;
                    String value;
                    switch (rs.getInt("grouping")) {
                        case 0b0111 -> {
                            dimension = DonorReport.Dimension.LIST;
                            value = rs.getString("list_id");
                        }
                        case 0b1011 -> {
                            dimension = DonorReport.Dimension.CHANNEL;
                            value = rs.getString("channel");
                        }
                        case 0b1101 -> {
                            dimension = DonorReport.Dimension.LOCATION;
                            value = rs.getString("location");
                        }
                        case 0b1110 -> {
                            dimension = DonorReport.Dimension.CATEGORY;
                            value = rs.getString("category");
                        }
                        default -> {
                            dimension = DonorReport.Dimension.TOTAL;
                            value = null;
                        }
                    }
                    String currency = rs.getString("currency");
                    return new DonorReport.Row(dimension, value, currency, rs.getLong("beneficiaries"),
                            rs.getLong("beneficiaries_paid"), rs.getLong("installments"),
                            Amount.of(rs.getLong("planned"), currency), Amount.of(rs.getLong("paid"), currency),
                            Amount.of(rs.getLong("pending"), currency), Amount.of(rs.getLong("failed"), currency),
                            Amount.of(rs.getLong("cancelled"), currency));
                });
        rows = rows.stream().sorted(java.util.Comparator.comparing(DonorReport.Row::dimension)).toList();
        Map<Long, Integer> beneficiaries = new java.util.HashMap<>();
        covered.forEach(l -> beneficiaries.put(l.id(), l.rowCount()));
        List<DonorReport.ListInfo> infos = covered.stream().map(l -> new DonorReport.ListInfo(l.id(), l.programme(),
                l.status().name(), l.currency().getCurrencyCode(), l.fileName(), l.approvalReference(), l.firstDueDate(),
                beneficiaries.get(l.id()), l.uploadedBy(), l.decidedBy(), l.decidedAt())).toList();
        return new DonorReport(programme, listId, clock.instant(), infos, rows);
    }
}
