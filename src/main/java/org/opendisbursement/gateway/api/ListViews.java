package org.opendisbursement.gateway.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opendisbursement.gateway.intake.PaymentList;
import org.opendisbursement.gateway.money.Amount;
import org.opendisbursement.gateway.money.Money;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Builds what the API shows of a list: status, beneficiaries, total, and count and amount per installment state. */
@Component
class ListViews {

    record StateTotal(long count, Amount amount) {
    }

    record InstallmentView(int number, LocalDate dueDate, Map<String, StateTotal> byState) {
    }

    record ListView(long id, String programme, String status, String currency, String fileName, String source,
                    String approvalReference, LocalDate firstDueDate, String interval, long beneficiaryCount,
                    Amount total, long installmentCount, int errorCount, String uploadedBy, Instant uploadedAt,
                    String decidedBy, Instant decidedAt, String decisionReason, Map<String, StateTotal> byState,
                    List<InstallmentView> installments) {
    }

    private record Group(long listId, int number, String state, long count, long amountMinor) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    ListViews(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    ListView of(PaymentList list) {
        return of(List.of(list)).get(0);
    }

    List<ListView> of(Collection<PaymentList> lists) {
        if (lists.isEmpty()) {
            return List.of();
        }
        List<Long> ids = lists.stream().map(PaymentList::id).toList();
        Map<Long, List<Group>> groups = new TreeMap<>();
        jdbc.query("""
                SELECT list_id, number, state, count(*) AS n, sum(amount_minor) AS amount
                FROM installment WHERE list_id IN (:ids) GROUP BY list_id, number, state ORDER BY list_id, number, state
                """, new MapSqlParameterSource("ids", ids), rs -> {
            groups.computeIfAbsent(rs.getLong("list_id"), k -> new ArrayList<>()).add(new Group(rs.getLong("list_id"),
                    rs.getInt("number"), rs.getString("state"), rs.getLong("n"), rs.getLong("amount")));
        });
        return lists.stream().map(list -> view(list, groups.getOrDefault(list.id(), List.of()))).toList();
    }

    private static ListView view(PaymentList list, List<Group> groups) {
        Map<String, long[]> byState = new TreeMap<>();
        Map<Integer, Map<String, StateTotal>> byNumber = new TreeMap<>();
        for (Group g : groups) {
            long[] sum = byState.computeIfAbsent(g.state(), k -> new long[2]);
            sum[0] += g.count();
            sum[1] += g.amountMinor();
            byNumber.computeIfAbsent(g.number(), k -> new LinkedHashMap<>())
                    .put(g.state(), new StateTotal(g.count(), amount(g.amountMinor(), list)));
        }
        Map<String, StateTotal> states = new LinkedHashMap<>();
        byState.forEach((state, sum) -> states.put(state, new StateTotal(sum[0], amount(sum[1], list))));
        List<InstallmentView> installments = new ArrayList<>();
        byNumber.forEach((number, totals) -> installments.add(new InstallmentView(number, list.fields().dueDateOf(number), totals)));
        return new ListView(list.id(), list.programme(), list.status().name(), list.currency().getCurrencyCode(),
                list.fileName(), list.source(), list.approvalReference(), list.firstDueDate(), list.interval().toString(),
                list.rowCount(), amount(list.totalMinor(), list), list.installmentCount(), list.errorCount(),
                list.uploadedBy(), list.uploadedAt(), list.decidedBy(), list.decidedAt(), list.decisionReason(),
                states, installments);
    }

    private static Amount amount(long minor, PaymentList list) {
        return Amount.of(new Money(minor, list.currency()));
    }
}
