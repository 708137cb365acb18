package org.opendisbursement.gateway.installments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProviderReferenceTest {

    @Test
    void isTheSameEveryTimeForTheSameInstallment() {
        UUID list = UUID.randomUUID();
        assertThat(ProviderReference.of(list, "MJF-EPR-0001", 2)).isEqualTo(ProviderReference.of(list, "MJF-EPR-0001", 2));
    }

    @Test
    void differsBetweenInstallmentsBeneficiariesAndLists() {
        UUID list = UUID.randomUUID();
        UUID one = ProviderReference.of(list, "MJF-EPR-0001", 1);
        assertThat(one).isNotEqualTo(ProviderReference.of(list, "MJF-EPR-0001", 2))
                .isNotEqualTo(ProviderReference.of(list, "MJF-EPR-0002", 1))
                .isNotEqualTo(ProviderReference.of(UUID.randomUUID(), "MJF-EPR-0001", 1));
    }
}
