package org.opendisbursement.gateway.installments;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The reference an installment is sent to a provider under, for its whole life: every attempt, status query
 * and reconciliation uses it. It is derived, not drawn: the same list, beneficiary and installment number always
 * give the same reference, and the random per-list uid keeps references of different lists (and of a
 * re-created database) apart. A UUID fits every provider's field (MTN requires one).
 */
public final class ProviderReference {

    private ProviderReference() {
    }

    public static UUID of(UUID listUid, String beneficiaryId, int installmentNumber) {
        String name = "installment:" + listUid + ":" + beneficiaryId + ":" + installmentNumber;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
