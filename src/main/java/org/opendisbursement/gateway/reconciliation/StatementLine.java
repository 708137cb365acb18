package org.opendisbursement.gateway.reconciliation;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of a provider's statement, checked: the reference the payout travelled under ({@code referenceUuid} when
 * it reads as a gateway provider reference), the amount in major units without sign or separators, the currency if
 * the statement names one, when it happened, and the provider's status word with what it means.
 */
record StatementLine(int lineNo, String reference, UUID referenceUuid, String amount, String currency, Instant occurredAt,
                     String status, StatementStatus paid) {
}
