package org.opendisbursement.gateway.installments;

import java.time.LocalDate;
import java.util.SortedMap;

/**
 * One installment number of one list: its due date, and how many of its payments (and how much money, in minor
 * units of the list's currency) stand in each state, by state name, plus how many are paid by hand against a voucher
 * (cash). What the API's list view and the console's progress bars both show.
 */
public record InstallmentProgress(int number, LocalDate dueDate, SortedMap<String, Long> counts,
                                  SortedMap<String, Long> amounts, long cash, String currency) {

    public long count(String state) {
        return counts.getOrDefault(state, 0L);
    }

    public long amount(String state) {
        return amounts.getOrDefault(state, 0L);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalMinor() {
        return amounts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long planned() {
        return count("PLANNED");
    }

    public long ready() {
        return count("READY");
    }

    /** Sent, awaiting the provider's final answer (submitted, unknown or pending). */
    public long submitted() {
        return count("SUBMITTED") + count("UNKNOWN") + count("PENDING");
    }

    public long confirmed() {
        return count("CONFIRMED");
    }

    public long confirmedMinor() {
        return amount("CONFIRMED");
    }

    public long failed() {
        return count("FAILED");
    }

    public long manualReview() {
        return count("MANUAL_REVIEW");
    }

    public long cancelled() {
        return count("CANCELLED");
    }

    /** Whole percent confirmed, for a progress bar's label. */
    public long percentConfirmed() {
        long total = total();
        return total == 0 ? 0 : confirmed() * 100 / total;
    }
}
