package org.opendisbursement.gateway.installments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.opendisbursement.gateway.intake.PaymentList;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads (never writes), for a page of lists in one query, the count and amount of payments per installment number
 * and state, and how many are cash: the one read model of a list's progress, for the API and the console.
 */
@Component
public class ListProgress {

    private record Numbered(SortedMap<String, Long> counts, SortedMap<String, Long> amounts, long[] cash) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    ListProgress(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return per list id, its installments in number order (none for a list without a plan) */
    public Map<Long, List<InstallmentProgress>> of(Collection<PaymentList> lists) {
        if (lists.isEmpty()) {
            return Map.of();
        }
        Map<Long, PaymentList> byId = new HashMap<>();
        lists.forEach(list -> byId.put(list.id(), list));
        Map<Long, SortedMap<Integer, Numbered>> found = new HashMap<>();
        jdbc.query("""
                SELECT list_id, number, state, count(*) AS n, sum(amount_minor) AS amount,
                       count(*) FILTER (WHERE channel = 'CASH') AS cash
                FROM installment WHERE list_id IN (:ids) GROUP BY list_id, number, state
                """, new MapSqlParameterSource("ids", List.copyOf(byId.keySet())), rs -> {
            Numbered numbered = found.computeIfAbsent(rs.getLong("list_id"), k -> new TreeMap<>())
                    .computeIfAbsent(rs.getInt("number"), k -> new Numbered(new TreeMap<>(), new TreeMap<>(), new long[1]));
            numbered.counts().put(rs.getString("state"), rs.getLong("n"));
            numbered.amounts().put(rs.getString("state"), rs.getLong("amount"));
            numbered.cash()[0] += rs.getLong("cash");
        });
        Map<Long, List<InstallmentProgress>> progress = new HashMap<>();
        found.forEach((listId, numbers) -> {
            PaymentList list = byId.get(listId);
            List<InstallmentProgress> rows = new ArrayList<>();
            numbers.forEach((number, n) -> rows.add(new InstallmentProgress(number, list.fields().dueDateOf(number),
                    Collections.unmodifiableSortedMap(n.counts()), Collections.unmodifiableSortedMap(n.amounts()),
                    n.cash()[0], list.currency().getCurrencyCode())));
            progress.put(listId, List.copyOf(rows));
        });
        return progress;
    }
}
