package org.opendisbursement.gateway.intake;

import java.util.List;
import java.util.Map;

/** What became of an uploaded list. */
public sealed interface IntakeOutcome {

    /** Valid: stored with its beneficiaries, waiting for a second person to approve it. */
    record Accepted(long listId, int rows, long totalMinor, String currency) implements IntakeOutcome {
    }

    /**
     * Refused: recorded as REJECTED with its report, and nothing else kept. {@code errors} holds the first
     * errors in full (up to the configured number); {@code errorCount} and {@code countsByRule} count all of them.
     */
    record Rejected(long listId, long errorCount, boolean truncated, List<ValidationError> errors,
                    Map<String, Integer> countsByRule) implements IntakeOutcome {
    }

    /** The same bytes were uploaded before and that list was not rejected. */
    record DuplicateFile(long earlierListId, ListStatus earlierStatus) implements IntakeOutcome {
    }
}
