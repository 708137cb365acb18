package org.opendisbursement.gateway.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects every error found in a list. All are counted (in total and per column and rule); the first
 * {@code keep} are kept in full, so a list with two million bad rows still fits in memory.
 */
final class ValidationReport {

    private final int keep;
    private final List<ValidationError> kept = new ArrayList<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private long total;

    ValidationReport(int keep) {
        this.keep = keep;
    }

    void add(ValidationError error) {
        total++;
        counts.merge((error.column() == null ? "row" : error.column()) + ":" + error.rule(), 1, Integer::sum);
        if (kept.size() < keep) {
            kept.add(error);
        }
    }

    void addAll(List<ValidationError> errors) {
        errors.forEach(this::add);
    }

    boolean isEmpty() {
        return total == 0;
    }

    long total() {
        return total;
    }

    /** The kept errors in row order, then column order. */
    List<ValidationError> errors() {
        List<ValidationError> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparingInt(ValidationError::row)
                .thenComparing(e -> e.column() == null ? "" : e.column()));
        return sorted;
    }

    /** How many errors each column:rule pair produced. */
    Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    boolean truncated() {
        return total > kept.size();
    }
}
