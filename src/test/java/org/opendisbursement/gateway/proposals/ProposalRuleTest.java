package org.opendisbursement.gateway.proposals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may decide on a proposed change of money, and when: a plain unit like TransitionsTest, no Spring. */
class ProposalRuleTest {

    private static final Instant PROPOSED_AT = Instant.parse("2026-12-01T04:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    private static ProposalRule.Verdict approve(ProposalStatus status, String proposer, String approver, Instant now) {
        return ProposalRule.approve(12, status, proposer, PROPOSED_AT, approver, now, WEEK);
    }

    @Test
    void theProposerNeverApprovesInWhateverFormHerNameIsWritten() {
        for (String approver : List.of("maker", "Maker", " MAKER", "ｍａｋｅｒ", "maker\u00A0")) {
            assertThat(approve(ProposalStatus.PROPOSED, "maker", approver, PROPOSED_AT.plusSeconds(60))).as(approver)
                    .isInstanceOfSatisfying(ProposalRule.FourEyes.class, refused -> assertThat(refused.why())
                            .contains("proposed change 12").contains("another finance checker"));
        }
    }

    @Test
    void anotherPersonApprovesAnOpenProposal() {
        assertThat(approve(ProposalStatus.PROPOSED, "maker", "checker", PROPOSED_AT.plusSeconds(60)))
                .isInstanceOf(ProposalRule.Go.class);
        assertThat(approve(ProposalStatus.PROPOSED, "checker", "checker2", PROPOSED_AT.plus(WEEK).minusSeconds(1)))
                .isInstanceOf(ProposalRule.Go.class);
    }

    @Test
    void aDecidedProposalIsDecidedOnceWhoeverAsks() {
        for (ProposalStatus decided : List.of(ProposalStatus.APPROVED, ProposalStatus.REJECTED, ProposalStatus.EXPIRED,
                ProposalStatus.FAILED)) {
            assertThat(approve(decided, "maker", "checker", PROPOSED_AT)).as(decided.name())
                    .isInstanceOfSatisfying(ProposalRule.Closed.class, closed -> assertThat(closed.why())
                            .contains("proposal 12 is " + decided));
            assertThat(ProposalRule.reject(12, decided, PROPOSED_AT, PROPOSED_AT, WEEK)).isInstanceOf(ProposalRule.Closed.class);
        }
    }

    @Test
    void aProposalLeftUndecidedLapsesRatherThanBeingApprovedLate() {
        Instant lapsed = ProposalRule.expiresAt(PROPOSED_AT, WEEK);

        assertThat(lapsed).isEqualTo(PROPOSED_AT.plus(WEEK));
        assertThat(approve(ProposalStatus.PROPOSED, "maker", "checker", lapsed)).isInstanceOf(ProposalRule.Lapsed.class);
        assertThat(ProposalRule.reject(12, ProposalStatus.PROPOSED, PROPOSED_AT, lapsed, WEEK))
                .isInstanceOf(ProposalRule.Lapsed.class);
    }

    @Test
    void itsProposerMayWithdrawIt() {
        assertThat(ProposalRule.reject(12, ProposalStatus.PROPOSED, PROPOSED_AT, PROPOSED_AT.plusSeconds(5), WEEK))
                .isInstanceOf(ProposalRule.Go.class);
    }
}
