package org.opendisbursement.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Year;
import org.junit.jupiter.api.Test;

class NationalIdTest {

    private static final Year THIS_YEAR = Year.of(2026);

    @Test
    void acceptsTenThirteenAndSeventeenDigits() {
        assertThat(NationalId.problemWith("1234567890", THIS_YEAR)).isEmpty();
        assertThat(NationalId.problemWith("1234567890123", THIS_YEAR)).isEmpty();
        assertThat(NationalId.problemWith("19581234567890123", THIS_YEAR)).isEmpty();
    }

    @Test
    void refusesOtherLengthsAndNonDigits() {
        assertThat(NationalId.problemWith("123456789", THIS_YEAR)).hasValueSatisfying(p -> assertThat(p).contains("not 9"));
        assertThat(NationalId.problemWith("12345678901", THIS_YEAR)).isPresent();
        assertThat(NationalId.problemWith("12345A7890", THIS_YEAR)).hasValue("must hold digits only");
    }

    @Test
    void refusesASeventeenDigitIdThatDoesNotStartWithABirthYear() {
        assertThat(NationalId.problemWith("30001234567890123", THIS_YEAR)).hasValueSatisfying(p -> assertThat(p).contains("3000"));
        assertThat(NationalId.problemWith("20301234567890123", THIS_YEAR)).isPresent();
    }
}
