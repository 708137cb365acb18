package org.opendisbursement.gateway.installments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.intake.ListStatus;
import org.opendisbursement.gateway.intake.PaymentList;

/** Who may approve a list, and whether one approval is enough: a plain unit, no Spring, no database. */
class ListApprovalRuleTest {

    private static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");
    private final ListApprovalRule rule = new ListApprovalRule(List.of("BDT 1000000", "KES 500000"));

    private static PaymentList list(ListStatus status, long totalMinor, String uploadedBy, String confirmedBy,
                                    String firstApprovedBy) {
        return new PaymentList(7, UUID.randomUUID(), "EPR", Currency.getInstance("BDT"), LocalDate.of(2026, 12, 1),
                Period.ofMonths(1), null, "list.csv", "API", status, 10, totalMinor, 30, 0, uploadedBy, NOW, null, null,
                null, confirmedBy, NOW, firstApprovedBy, firstApprovedBy == null ? null : NOW);
    }

    @Test
    void theMakerNeverApprovesInWhateverFormHerNameIsWritten() {
        for (String approver : List.of("amina", "Amina", " AMINA ", "ａｍｉｎａ")) {
            assertThat(rule.judge(list(ListStatus.PENDING_APPROVAL, 100, "amina", "amina", null), approver))
                    .as(approver).isInstanceOfSatisfying(ListApprovalRule.Refuse.class,
                            refuse -> assertThat(refuse.why()).contains("uploaded list 7").contains("another finance checker"));
        }
    }

    @Test
    void theMakerWhoConfirmedAnInboxListNeverApprovesIt() {
        PaymentList inbox = list(ListStatus.PENDING_APPROVAL, 100, PaymentList.INBOX, "amina", null);

        assertThat(rule.judge(inbox, "Amina")).isInstanceOfSatisfying(ListApprovalRule.Refuse.class,
                refuse -> assertThat(refuse.why()).contains("confirmed list 7 as its maker"));
        assertThat(rule.judge(inbox, "karim")).isInstanceOf(ListApprovalRule.Approve.class);

        PaymentList namedBySidecar = list(ListStatus.PENDING_APPROVAL, 100, "karim", "amina", null);
        assertThat(rule.judge(namedBySidecar, "karim")).as("whom an old sidecar named, too")
                .isInstanceOf(ListApprovalRule.Refuse.class);
    }

    @Test
    void upToTheTwoCheckerTotalOneCheckerApproves() {
        assertThat(rule.judge(list(ListStatus.PENDING_APPROVAL, 100_000_000, "amina", "amina", null), "karim"))
                .as("exactly BDT 1,000,000").isInstanceOf(ListApprovalRule.Approve.class);
    }

    @Test
    void aboveItTheFirstCheckerApprovesOnceAndASecondDifferentOneCompletes() {
        assertThat(rule.judge(list(ListStatus.PENDING_APPROVAL, 100_000_001, "amina", "amina", null), "karim"))
                .isInstanceOfSatisfying(ListApprovalRule.FirstOfTwo.class,
                        first -> assertThat(first.above().display()).isEqualTo("BDT 1,000,000.00"));

        PaymentList once = list(ListStatus.APPROVED_ONCE, 100_000_001, "amina", "amina", "karim");
        assertThat(rule.judge(once, "KARIM")).isInstanceOfSatisfying(ListApprovalRule.Refuse.class,
                refuse -> assertThat(refuse.why()).contains("already approved list 7 once"));
        assertThat(rule.judge(once, "amina")).as("nor the maker").isInstanceOf(ListApprovalRule.Refuse.class);
        assertThat(rule.judge(once, "rahim")).isInstanceOf(ListApprovalRule.Approve.class);
    }

    @Test
    void aCurrencyWithoutATwoCheckerTotalNeedsOneChecker() {
        ListApprovalRule none = new ListApprovalRule(List.of());

        assertThat(none.judge(list(ListStatus.PENDING_APPROVAL, Long.MAX_VALUE / 2, "amina", "amina", null), "karim"))
                .isInstanceOf(ListApprovalRule.Approve.class);
        assertThat(rule.secondCheckerAbove(Currency.getInstance("UGX"))).isEmpty();
    }

    @Test
    void aCurrencyNamedTwiceIsAConfigurationError() {
        assertThatThrownBy(() -> new ListApprovalRule(List.of("BDT 1000", "BDT 2000")))
                .hasMessageContaining("names BDT twice");
    }
}
