package org.opendisbursement.gateway.proposals;

import java.time.Duration;
import java.time.Instant;
import org.opendisbursement.gateway.system.UserNames;

/**
 * Who may decide on a proposal, and when: pure, no database. It is approved by a second person only, never its
 * proposer (names compared in canonical form, {@link UserNames}); it is decided once; and one left unanswered for
 * {@code expireAfter} lapses rather than being approved later, when what it was about may have changed. Rejecting
 * is open to its proposer too (withdrawing it moves no money). Which roles may propose and decide is the web layer's
 * rule (FINANCE_MAKER or FINANCE_CHECKER propose, FINANCE_CHECKER decides).
 */
final class ProposalRule {

    private ProposalRule() {
    }

    sealed interface Verdict {
    }

    /** The decision goes ahead. */
    record Go() implements Verdict {
    }

    /** Four eyes refuses this person. */
    record FourEyes(String why) implements Verdict {
    }

    /** It was decided already, or lapsed: nothing more to decide. */
    record Closed(String why) implements Verdict {
    }

    /** It waited longer than it may: it lapses now. */
    record Lapsed() implements Verdict {
    }

    /** When a proposal made at {@code proposedAt} lapses. */
    static Instant expiresAt(Instant proposedAt, Duration expireAfter) {
        return proposedAt.plus(expireAfter);
    }

    static Verdict approve(long id, ProposalStatus status, String proposedBy, Instant proposedAt, String approver,
                           Instant now, Duration expireAfter) {
        Verdict open = open(id, status, proposedAt, now, expireAfter);
        if (!(open instanceof Go)) {
            return open;
        }
        if (UserNames.samePerson(approver, proposedBy)) {
            return new FourEyes("four eyes: " + approver + " proposed change " + id
                    + " and so cannot approve it; another finance checker must");
        }
        return open;
    }

    static Verdict reject(long id, ProposalStatus status, Instant proposedAt, Instant now, Duration expireAfter) {
        return open(id, status, proposedAt, now, expireAfter);
    }

    private static Verdict open(long id, ProposalStatus status, Instant proposedAt, Instant now, Duration expireAfter) {
        if (status != ProposalStatus.PROPOSED) {
            return new Closed("proposal " + id + " is " + status + " already; only a proposed change is decided");
        }
        if (!now.isBefore(expiresAt(proposedAt, expireAfter))) {
            return new Lapsed();
        }
        return new Go();
    }
}
