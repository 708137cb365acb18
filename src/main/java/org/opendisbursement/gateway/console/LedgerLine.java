package org.opendisbursement.gateway.console;

import java.time.Instant;

/** One ledger entry as the audit pages show it, with the programme of its list and the channel of its payment. */
record LedgerLine(long id, Instant occurredAt, String actor, String action, Long listId, Long installmentId,
                  String beneficiaryId, Long amountMinor, String currency, String fromState, String toState,
                  String reference, String detail, String programme, String channel) {

    public boolean hasAmount() {
        return amountMinor != null && currency != null;
    }
}
