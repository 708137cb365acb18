package org.opendisbursement.gateway.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opendisbursement.gateway.intake.PaymentList;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads, for a page of lists, the count and amount of payments per installment number and state (read only). */
@Component
class ListProgress {

    private final NamedParameterJdbcTemplate jdbc;

    ListProgress(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return per list id, its installments in number order (none for a list without a plan) */
    Map<Long, List<Progress>> of(Collection<PaymentList> lists) {
        if (lists.isEmpty()) {
            return Map.of();
        }
        Map<Long, PaymentList> byId = new HashMap<>();
        lists.forEach(list -> byId.put(list.id(), list));
        Map<Long, Map<Integer, Map<String, Long>>> counts = new HashMap<>();
        Map<Long, Map<Integer, Map<String, Long>>> amounts = new HashMap<>();
        Map<Long, Map<Integer, Long>> cash = new HashMap<>();
        jdbc.query("""
                SELECT list_id, number, state, count(*) AS n, sum(amount_minor) AS amount,
                       count(*) FILTER (WHERE channel = 'CASH') AS cash
                FROM installment WHERE list_id IN (:ids) GROUP BY list_id, number, state
                """, new MapSqlParameterSource("ids", List.copyOf(byId.keySet())), rs -> {
            long list = rs.getLong("list_id");
            int number = rs.getInt("number");
            String state = rs.getString("state");
            counts.computeIfAbsent(list, k -> new TreeMap<>()).computeIfAbsent(number, k -> new HashMap<>())
                    .put(state, rs.getLong("n"));
            amounts.computeIfAbsent(list, k -> new TreeMap<>()).computeIfAbsent(number, k -> new HashMap<>())
                    .put(state, rs.getLong("amount"));
            cash.computeIfAbsent(list, k -> new HashMap<>()).merge(number, rs.getLong("cash"), Long::sum);
        });
        Map<Long, List<Progress>> progress = new HashMap<>();
        counts.forEach((listId, numbers) -> {
            PaymentList list = byId.get(listId);
            List<Progress> rows = new ArrayList<>();
            numbers.forEach((number, states) -> rows.add(new Progress(number, list.fields().dueDateOf(number),
                    Map.copyOf(states), Map.copyOf(amounts.get(listId).get(number)),
                    cash.get(listId).getOrDefault(number, 0L), list.currency().getCurrencyCode())));
            progress.put(listId, List.copyOf(rows));
        });
        return progress;
    }
}
