package org.opendisbursement.gateway.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opendisbursement.gateway.installments.InstallmentProgress;
import org.opendisbursement.gateway.installments.ListProgress;
import org.opendisbursement.gateway.intake.PaymentList;
import org.opendisbursement.gateway.money.Amount;
import org.opendisbursement.gateway.money.Money;
import org.springframework.stereotype.Component;

/**
 * What the API shows of a list: status, beneficiaries, total, and count and amount per installment state, in all
 * and per installment number (from {@link ListProgress}, the read model the console shows too).
 */
@Component
class ListViews {

    record StateTotal(long count, Amount amount) {
    }

    record InstallmentView(int number, LocalDate dueDate, Map<String, StateTotal> byState) {
    }

    record ListView(long id, String programme, String status, String currency, String fileName, String source,
                    String approvalReference, LocalDate firstDueDate, String interval, long beneficiaryCount,
                    Amount total, long installmentCount, int errorCount, String uploadedBy, Instant uploadedAt,
                    String confirmedBy, Instant confirmedAt, String firstApprovedBy, Instant firstApprovedAt,
                    String decidedBy, Instant decidedAt, String decisionReason, Map<String, StateTotal> byState,
                    List<InstallmentView> installments) {
    }

    private final ListProgress progress;

    ListViews(ListProgress progress) {
        this.progress = progress;
    }

    ListView of(PaymentList list) {
        return of(List.of(list)).get(0);
    }

    List<ListView> of(Collection<PaymentList> lists) {
        Map<Long, List<InstallmentProgress>> found = progress.of(lists);
        return lists.stream().map(list -> view(list, found.getOrDefault(list.id(), List.of()))).toList();
    }

    private static ListView view(PaymentList list, List<InstallmentProgress> numbers) {
        Map<String, long[]> byState = new TreeMap<>();
        List<InstallmentView> installments = numbers.stream().map(n -> {
            Map<String, StateTotal> totals = new LinkedHashMap<>();
            n.counts().forEach((state, count) -> {
                long[] sum = byState.computeIfAbsent(state, k -> new long[2]);
                sum[0] += count;
                sum[1] += n.amount(state);
                totals.put(state, new StateTotal(count, amount(n.amount(state), list)));
            });
            return new InstallmentView(n.number(), n.dueDate(), totals);
        }).toList();
        Map<String, StateTotal> states = new LinkedHashMap<>();
        byState.forEach((state, sum) -> states.put(state, new StateTotal(sum[0], amount(sum[1], list))));
        return new ListView(list.id(), list.programme(), list.status().name(), list.currency().getCurrencyCode(),
                list.fileName(), list.source(), list.approvalReference(), list.firstDueDate(), list.interval().toString(),
                list.rowCount(), amount(list.totalMinor(), list), list.installmentCount(), list.errorCount(),
                list.uploadedBy(), list.uploadedAt(), list.confirmedBy(), list.confirmedAt(), list.firstApprovedBy(),
                list.firstApprovedAt(), list.decidedBy(), list.decidedAt(), list.decisionReason(),
                states, installments);
    }

    private static Amount amount(long minor, PaymentList list) {
        return Amount.of(new Money(minor, list.currency()));
    }
}
