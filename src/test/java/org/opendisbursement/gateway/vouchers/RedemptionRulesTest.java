package org.opendisbursement.gateway.vouchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The redemption rules on their own: state, code, validity at the hand-over, place, offline times. */
class RedemptionRulesTest {

    private static final Instant PRINTED = Instant.parse("2026-12-01T04:00:00Z");
    private static final Instant NOW = PRINTED.plus(Duration.ofDays(2));
    private static final Instant VALID_UNTIL = PRINTED.plus(Duration.ofDays(30));

    private static Redemptions.Facts voucher(String state, Instant voidedAt, String voidReason) {
        boolean redeemed = "REDEEMED".equals(state);
        boolean closed = "CANCELLED".equals(state) || "VOID".equals(state);
        return new Redemptions.Facts(
                new Redemptions.Facts.Voucher(7, 70, 1, 1, state, "Dacope Union", VALID_UNTIL),
                new Redemptions.Facts.Payee("B-1", "রহিমা খাতুন", 250_000, "BDT"),
                redeemed
                        ? new Redemptions.Facts.Redeemed(PRINTED.plus(Duration.ofHours(5)), "agent", "Dacope Union", true)
                        : Redemptions.Facts.Redeemed.NOT,
                new Redemptions.Facts.Closed(closed ? PRINTED.plus(Duration.ofDays(1)) : null, "moved away"),
                new Redemptions.Facts.Code(PRINTED, voidedAt, voidReason, "NW3P"));
    }

    private static Redemptions.Request online(String location) {
        return new Redemptions.Request("code", location, "agent", null, "agent", null);
    }

    private static Redemptions.Request offline(Instant at) {
        return new Redemptions.Request("code", "Dacope Union", "agent", at, "agent", "agent");
    }

    private static Redemption.Refusal refusal(Redemption outcome) {
        assertThat(outcome).isInstanceOf(Redemption.Refused.class);
        return ((Redemption.Refused) outcome).reason();
    }

    @Test
    void anUnpaidVoucherAtItsOwnPointPaysWhateverTheSpellingOfThePlace() {
        assertThat(Redemptions.decide(voucher("ISSUED", null, null), online("  dacope   UNION "), NOW)).isNull();
        assertThat(refusal(Redemptions.decide(voucher("ISSUED", null, null), online("Koyra Union"), NOW)))
                .isEqualTo(Redemption.Refusal.WRONG_LOCATION);
    }

    @Test
    void aPaidVoucherIsRefusedSayingWhenWhereAndByWhomUnlessTheSameUploadComesAgain() {
        Redemptions.Facts paid = voucher("REDEEMED", null, null);
        var refused = (Redemption.Refused) Redemptions.decide(paid, online("Dacope Union"), NOW);
        assertThat(refused.reason()).isEqualTo(Redemption.Refusal.ALREADY_REDEEMED);
        assertThat(refused.facts()).containsEntry("redeemedAt", paid.redeemedAt()).containsEntry("redeemedBy", "agent")
                .containsEntry("redeemedLocation", "Dacope Union");
        assertThat(Redemptions.decide(paid, offline(paid.redeemedAt()), NOW)).isInstanceOf(Redemption.AlreadyRecorded.class);
        assertThat(refusal(Redemptions.decide(paid, offline(paid.redeemedAt().plusSeconds(60)), NOW)))
                .isEqualTo(Redemption.Refusal.ALREADY_REDEEMED);
    }

    @Test
    void validityIsJudgedAtTheHandOverNotAtTheUpload() {
        Redemptions.Facts open = voucher("ISSUED", null, null);
        Instant lateUpload = VALID_UNTIL.plus(Duration.ofDays(1));
        assertThat(Redemptions.decide(open, offline(VALID_UNTIL.minusSeconds(60)), lateUpload)).isNull();
        assertThat(refusal(Redemptions.decide(open, offline(VALID_UNTIL), lateUpload))).isEqualTo(Redemption.Refusal.EXPIRED);
        assertThat(refusal(Redemptions.decide(open, online("Dacope Union"), VALID_UNTIL))).isEqualTo(Redemption.Refusal.EXPIRED);
        assertThat(refusal(Redemptions.decide(voucher("EXPIRED", null, null), offline(NOW), NOW)))
                .isEqualTo(Redemption.Refusal.EXPIRED);
    }

    @Test
    void impossibleHandOverTimesAreRefused() {
        Redemptions.Facts open = voucher("ISSUED", null, null);
        assertThat(refusal(Redemptions.decide(open, offline(NOW.plus(Duration.ofHours(1))), NOW))).isEqualTo(Redemption.Refusal.INVALID);
        assertThat(refusal(Redemptions.decide(open, offline(PRINTED.minus(Duration.ofHours(1))), NOW))).isEqualTo(Redemption.Refusal.INVALID);
        assertThat(Redemptions.decide(open, offline(NOW.plus(Duration.ofMinutes(5))), NOW)).as("device clocks drift").isNull();
    }

    @Test
    void aCodeReplacedByAReprintPaysOnlyForAHandOverBeforeTheReprint() {
        Instant reprinted = PRINTED.plus(Duration.ofDays(1));
        Redemptions.Facts oldCode = voucher("ISSUED", reprinted, "REPRINT");
        assertThat(refusal(Redemptions.decide(oldCode, online("Dacope Union"), NOW))).isEqualTo(Redemption.Refusal.VOID);
        assertThat(refusal(Redemptions.decide(oldCode, offline(reprinted.plusSeconds(1)), NOW))).isEqualTo(Redemption.Refusal.VOID);
        assertThat(Redemptions.decide(oldCode, offline(reprinted.minusSeconds(60)), NOW)).isNull();
    }

    @Test
    void cancelledAndReissuedVouchersNeverPayAndAnEarlierHandOverIsFlaggedForReconciliation() {
        var cancelled = (Redemption.Refused) Redemptions.decide(voucher("CANCELLED", PRINTED.plus(Duration.ofDays(1)), "CANCELLED"),
                offline(PRINTED.plus(Duration.ofHours(2))), NOW);
        assertThat(cancelled.reason()).isEqualTo(Redemption.Refusal.CANCELLED);
        assertThat(cancelled.detail()).contains("reconcile");
        var reissued = (Redemption.Refused) Redemptions.decide(voucher("VOID", PRINTED.plus(Duration.ofDays(1)), "REISSUE"),
                online("Dacope Union"), NOW);
        assertThat(reissued.reason()).isEqualTo(Redemption.Refusal.VOID);
        assertThat(reissued.detail()).doesNotContain("reconcile");
    }
}
