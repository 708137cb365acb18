package org.opendisbursement.gateway.ledger;

import java.time.Instant;

/**
 * One line of the append-only ledger: who did what, when, to which list or installment, for how much, and the
 * state it moved from and to. Written in the same transaction as the change it records.
 */
public record LedgerEntry(Instant occurredAt, String actor, String action, Long listId, Long installmentId,
                          String beneficiaryId, Long amountMinor, String currency, String fromState, String toState,
                          String reference, String detail) {

    /** An entry about a whole list (uploaded, rejected, approved). */
    public static LedgerEntry forList(Instant at, String actor, String action, long listId, Long amountMinor,
                                      String currency, String fromState, String toState, String detail) {
        return new LedgerEntry(at, actor, action, listId, null, null, amountMinor, currency, fromState, toState, null, detail);
    }
}
