package org.opendisbursement.gateway.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {

    private static final Currency BDT = Currency.getInstance("BDT");

    @Test
    void readsMajorUnitsIntoMinorUnitsOfTheCurrency() {
        assertThat(Money.parseMajor("7500", BDT).minor()).isEqualTo(750_000);
        assertThat(Money.parseMajor("7500.5", BDT).minor()).isEqualTo(750_050);
        assertThat(Money.parseMajor("0.01", BDT).minor()).isEqualTo(1);
        assertThat(Money.parseMajor("2500", Currency.getInstance("UGX")).minor()).isEqualTo(2500);
        assertThat(Money.parseMajor("1.234", Currency.getInstance("KWD")).minor()).isEqualTo(1234);
    }

    @Test
    void refusesMoreDecimalsThanTheCurrencyHas() {
        assertThatThrownBy(() -> Money.parseMajor("7500.123", BDT))
                .isInstanceOf(AmountFormatException.class).extracting("rule").isEqualTo("decimals");
        assertThatThrownBy(() -> Money.parseMajor("2500.5", Currency.getInstance("UGX")))
                .isInstanceOf(AmountFormatException.class).extracting("rule").isEqualTo("decimals");
    }

    @Test
    void refusesTextThatIsNotAPlainAmount() {
        for (String text : new String[] {"7,500", "1e3", "BDT 5", "", "abc", "7500..0"}) {
            assertThatThrownBy(() -> Money.parseMajor(text, BDT)).as(text).isInstanceOf(AmountFormatException.class);
        }
    }

    @Test
    void showsAmountsWithCurrencyAndThousandsSeparators() {
        assertThat(Money.ofMinor(750_000, "BDT").display()).isEqualTo("BDT 7,500.00");
        assertThat(Money.ofMinor(308_250_000, "BDT").display()).isEqualTo("BDT 3,082,500.00");
        assertThat(Money.parse("UGX 5000000").display()).isEqualTo("UGX 5,000,000");
    }
}
