package org.opendisbursement.gateway.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.PaymentList;
import org.opendisbursement.gateway.intake.PaymentLists;
import org.opendisbursement.gateway.money.Amount;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A list's money in four buckets that must add up to what was approved:
 * {@code approved = confirmed + pending + failed + cancelled}. Approved is the list's total as the checker approved
 * it (zero before approval); the buckets come from its installments as they stand, each with its states one by one:
 * confirmed is CONFIRMED; failed is FAILED and EXPIRED (a voucher nobody redeemed): final, and unpaid after an
 * attempt; cancelled is CANCELLED; every other state is pending, neither paid nor finally unpaid: PLANNED, READY,
 * SUBMITTED, UNKNOWN, PENDING, MANUAL_REVIEW (also shown on its own line, {@code manualReview}, which is inside
 * pending, not added again) and any state added later. {@code balanced} is false, with the difference, when an
 * installment was lost, added or changed behind the plan.
 */
@Component("auditListTotals")
public class ListTotals {

    public record Bucket(long count, Amount amount, Map<String, Bucket> byState) {
    }

    public record Totals(long listId, String programme, String listStatus, String currency, Bucket approved, Bucket confirmed,
                  Bucket pending, Bucket failed, Bucket cancelled, Bucket manualReview, Bucket sum, boolean balanced,
                  Amount difference) {
    }

    private static final List<String> PENDING = List.of("PLANNED", "READY", "SUBMITTED", "UNKNOWN", "PENDING", "MANUAL_REVIEW");
    private static final Map<String, String> SETTLED = Map.of("CONFIRMED", "confirmed", "FAILED", "failed",
            "EXPIRED", "failed", "CANCELLED", "cancelled");

    private final NamedParameterJdbcTemplate jdbc;
    private final PaymentLists lists;

    ListTotals(NamedParameterJdbcTemplate jdbc, PaymentLists lists) {
        this.jdbc = jdbc;
        this.lists = lists;
    }

    Totals of(long listId) {
        PaymentList list = lists.find(listId).orElseThrow(() -> new ListNotFoundException("no payment list " + listId));
        String currency = list.currency().getCurrencyCode();
        Map<String, long[]> byState = new LinkedHashMap<>();
        PENDING.forEach(state -> byState.put(state, new long[2]));
        List.of("CONFIRMED", "FAILED", "EXPIRED", "CANCELLED").forEach(state -> byState.put(state, new long[2]));
        jdbc.query("""
                SELECT state, count(*) AS n, coalesce(sum(amount_minor), 0) AS amount
                FROM installment WHERE list_id = :id GROUP BY state ORDER BY state
                """, new MapSqlParameterSource("id", listId), rs -> {
            long[] sum = byState.computeIfAbsent(rs.getString("state"), s -> new long[2]);
            sum[0] += rs.getLong("n");
            sum[1] += rs.getLong("amount");
        });
        Map<String, Map<String, long[]>> buckets = new LinkedHashMap<>();
        for (String name : List.of("confirmed", "pending", "failed", "cancelled")) {
            buckets.put(name, new LinkedHashMap<>());
        }
        byState.forEach((state, sum) -> buckets.get(SETTLED.getOrDefault(state, "pending")).put(state, sum));

        boolean approvedList = "APPROVED".equals(list.status().name());
        long approvedCount = approvedList ? list.installmentCount() : 0;
        long approvedMinor = approvedList ? list.totalMinor() : 0;
        long sumCount = 0;
        long sumMinor = 0;
        for (long[] sum : byState.values()) {
            sumCount += sum[0];
            sumMinor += sum[1];
        }
        long[] manualReview = byState.get("MANUAL_REVIEW");
        return new Totals(listId, list.programme(), list.status().name(), currency,
                new Bucket(approvedCount, Amount.of(approvedMinor, currency), null),
                bucket(buckets.get("confirmed"), currency), bucket(buckets.get("pending"), currency),
                bucket(buckets.get("failed"), currency), bucket(buckets.get("cancelled"), currency),
                new Bucket(manualReview[0], Amount.of(manualReview[1], currency), null),
                new Bucket(sumCount, Amount.of(sumMinor, currency), null),
                approvedMinor == sumMinor && approvedCount == sumCount, Amount.of(approvedMinor - sumMinor, currency));
    }

    private static Bucket bucket(Map<String, long[]> states, String currency) {
        long count = 0;
        long minor = 0;
        Map<String, Bucket> byState = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> state : states.entrySet()) {
            count += state.getValue()[0];
            minor += state.getValue()[1];
            byState.put(state.getKey(), new Bucket(state.getValue()[0], Amount.of(state.getValue()[1], currency), null));
        }
        return new Bucket(count, Amount.of(minor, currency), byState);
    }
}
