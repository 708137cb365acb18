package org.opendisbursement.gateway.proposals;

import java.time.Instant;
import java.util.Currency;
import org.opendisbursement.gateway.money.Money;

/**
 * A proposed change of money as the API and the console show it: what it is about (the list; the installment and its
 * beneficiary, channel and amount; the voucher and where it is paid now; for a retry, how many failed wallet payouts
 * the list has now and their sum), what was proposed (a distribution point, a reason), by whom and when it lapses,
 * and how it was decided and what carrying it out did.
 */
public record Proposal(long id, ProposalKind kind, ProposalStatus status, long listId, String programme,
                       Long installmentId, Integer installment, Long voucherId, String beneficiaryId, String fullName,
                       String channel, Long amountMinor, String currency, String location, String currentLocation,
                       String reason, Long failedNow, String proposedBy, Instant proposedAt, Instant expiresAt,
                       String decidedBy, Instant decidedAt, String decisionNote, String outcome) {

    /** One line saying what this change does, for the ledger and the pages. */
    public String summary() {
        String who = beneficiaryId == null ? "" : " (" + beneficiaryId + ", installment " + installment + ", "
                + money() + ")";
        return switch (kind) {
            case SWITCH_TO_CASH -> "switch failed " + channel + " payment " + installmentId + who + " to cash at "
                    + location;
            case VOUCHER_CANCEL -> "cancel cash voucher " + voucherId + who + " at " + currentLocation
                    + ": the beneficiary is not paid this installment";
            case VOUCHER_REISSUE -> "reissue cash voucher " + voucherId + who + " from " + currentLocation + " to "
                    + location;
            case LIST_RETRY -> "send every failed wallet payment of list " + listId + " again under its reference ("
                    + (failedNow == null ? 0 : failedNow) + " now" + (amountMinor == null ? "" : ", " + money()) + ")";
        };
    }

    /** The amount concerned, as people read it; empty when none. */
    public String money() {
        return amountMinor == null || currency == null ? "" : new Money(amountMinor, Currency.getInstance(currency)).display();
    }

    public boolean open() {
        return status == ProposalStatus.PROPOSED;
    }
}
