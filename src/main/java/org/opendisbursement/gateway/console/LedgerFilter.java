package org.opendisbursement.gateway.console;

import java.time.Instant;

/**
 * What an auditor searches the ledger by, the same filters as the ledger API: list, programme, beneficiary,
 * provider, state (the state an entry moved to) and a time range [from, to). Null means "any".
 */
record LedgerFilter(Long listId, String programme, String beneficiary, String provider, String state, Instant from,
                    Instant to) {

    static final LedgerFilter ANY = new LedgerFilter(null, null, null, null, null, null, null);

    boolean isEmpty() {
        return this.equals(ANY);
    }
}
