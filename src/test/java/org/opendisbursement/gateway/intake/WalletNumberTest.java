package org.opendisbursement.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WalletNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"01712345678", "8801712345678", "+8801712345678", "017 1234 5678", "01712-345678", "+880 1712-345678"})
    void readsEveryWrittenFormOfABangladeshWalletIntoE164(String written) {
        assertThat(WalletNumber.read(written, Channel.BKASH)).isEqualTo(new WalletNumber.Valid("+8801712345678"));
        assertThat(WalletNumber.read(written, Channel.NAGAD)).isEqualTo(new WalletNumber.Valid("+8801712345678"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01312345678", "01412345678", "01512345678", "01612345678", "01812345678", "01912345678"})
    void acceptsEveryMobilePrefixFrom013To019(String written) {
        assertThat(WalletNumber.read(written, Channel.BKASH)).isInstanceOf(WalletNumber.Valid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01012345678", "01112345678", "01212345678", "+8801212345678"})
    void refusesPrefixesThatAreNotMobileWallets(String written) {
        assertThat(WalletNumber.read(written, Channel.BKASH))
                .isInstanceOfSatisfying(WalletNumber.Invalid.class, invalid -> assertThat(invalid.rule()).isEqualTo("prefix"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0171234567", "017123456789", "1712345678", "0171234567a", "+44 7911 123456"})
    void refusesBangladeshNumbersOfTheWrongShape(String written) {
        assertThat(WalletNumber.read(written, Channel.NAGAD))
                .isInstanceOfSatisfying(WalletNumber.Invalid.class, invalid -> assertThat(invalid.rule()).isEqualTo("format"));
    }

    @Test
    void readsMpesaAndMtnNumbersInInternationalFormOnly() {
        assertThat(WalletNumber.read("254708374149", Channel.MPESA)).isEqualTo(new WalletNumber.Valid("+254708374149"));
        assertThat(WalletNumber.read("+254 708 374149", Channel.MPESA)).isEqualTo(new WalletNumber.Valid("+254708374149"));
        assertThat(WalletNumber.read("0708374149", Channel.MPESA)).isInstanceOf(WalletNumber.Invalid.class);
        assertThat(WalletNumber.read("46733123450", Channel.MTN)).isEqualTo(new WalletNumber.Valid("+46733123450"));
        assertThat(WalletNumber.read("0772123456", Channel.MTN)).isInstanceOf(WalletNumber.Invalid.class);
    }
}
