package org.opendisbursement.gateway.vouchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.money.Money;

/** Amounts in words as printed on vouchers. */
class AmountInWordsTest {

    @Test
    void takaAreWrittenInLakhAndCrore() {
        assertThat(AmountInWords.of(Money.ofMinor(250_000, "BDT"))).isEqualTo("Two thousand five hundred taka only");
        assertThat(AmountInWords.of(Money.ofMinor(750_000, "BDT"))).isEqualTo("Seven thousand five hundred taka only");
        assertThat(AmountInWords.of(Money.ofMinor(12_000_050, "BDT")))
                .isEqualTo("One lakh twenty thousand taka and fifty paisa only");
        assertThat(AmountInWords.of(Money.ofMinor(1_234_567_899L, "BDT")))
                .isEqualTo("One crore twenty-three lakh forty-five thousand six hundred seventy-eight taka and ninety-nine paisa only");
        assertThat(AmountInWords.of(Money.ofMinor(1, "BDT"))).isEqualTo("Zero taka and one paisa only");
    }

    @Test
    void otherCurrenciesAreWrittenInThousandsAndMillions() {
        assertThat(AmountInWords.of(Money.ofMinor(2_500_000, "UGX"))).isEqualTo("Two million five hundred thousand shillings only");
        assertThat(AmountInWords.of(Money.ofMinor(100_015, "KES"))).isEqualTo("One thousand shillings and fifteen cents only");
        assertThat(AmountInWords.of(Money.ofMinor(101_000, "XAF"))).isEqualTo("One hundred one thousand francs only");
    }
}
