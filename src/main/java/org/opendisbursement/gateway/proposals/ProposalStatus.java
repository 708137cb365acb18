package org.opendisbursement.gateway.proposals;

/**
 * Where a proposal stands: waiting for a second person; approved (and carried out); rejected (by a checker, or
 * withdrawn by its proposer); lapsed unanswered; or approved but refused when carried out (the voucher was redeemed
 * meanwhile, the provider reports the payout paid …), with the reason.
 */
public enum ProposalStatus {
    PROPOSED, APPROVED, REJECTED, EXPIRED, FAILED
}
