package org.opendisbursement.gateway.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowValidatorTest {

    private static final String HEADER = "beneficiary_id,full_name,national_id,channel,wallet_number,amount,installments,location,category";

    private static final PayoutLimits LIMITS = PayoutLimits.of(Map.of(
            Channel.BKASH, List.of("BDT 25000"), Channel.NAGAD, List.of("BDT 25000"),
            Channel.CASH, List.of("BDT 20000"), Channel.MPESA, List.of("KES 250000")));

    private static RowValidator.Check check(String row) throws IOException {
        return checkAll(row).get(0);
    }

    private static List<RowValidator.Check> checkAll(String... rows) throws IOException {
        var fields = ListFields.parse(Map.of("programme", "EPR-KHULNA", "firstDueDate", "2026-12-01", "interval", "P1M"));
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream((HEADER + "\n" + String.join("\n", rows) + "\n").getBytes(UTF_8)))) {
            assertThat(csv.readHeader()).isEmpty();
            var validator = new RowValidator(fields, LIMITS, Year.of(2026), csv.headerSize());
            List<RowValidator.Check> checks = new ArrayList<>();
            csv.forEachRow(row -> checks.add(validator.check(row)));
            return checks;
        }
    }

    private static List<ValidationError> errors(String row) throws IOException {
        RowValidator.Check check = check(row);
        assertThat(check).isInstanceOf(RowValidator.Refused.class);
        return ((RowValidator.Refused) check).errors();
    }

    @Test
    void acceptsAWidowPaidByBkashAndNormalisesHerRow() throws IOException {
        RowValidator.Check check = check("MJF-EPR-0001,  রহিমা   খাতুন ,1234567890,bkash,017-1234-5678,7500,3,KCC Ward 5,widow");
        assertThat(check).isInstanceOfSatisfying(RowValidator.Accepted.class, accepted -> {
            assertThat(accepted.row().fullName()).isEqualTo("রহিমা খাতুন");
            assertThat(accepted.row().channel()).isEqualTo(Channel.BKASH);
            assertThat(accepted.row().walletNumber()).isEqualTo("+8801712345678");
            assertThat(accepted.row().amountMinor()).isEqualTo(750_000);
            assertThat(accepted.row().installments()).isEqualTo(3);
            assertThat(accepted.row().row()).isEqualTo(2);
        });
    }

    @Test
    void acceptsCashWithoutAWalletWhenItHasADistributionPoint() throws IOException {
        assertThat(check("B1,Kamala Das,,CASH,,7500,3,Batiaghata Union,")).isInstanceOf(RowValidator.Accepted.class);
        assertThat(errors("B1,Kamala Das,,CASH,,7500,3,,")).extracting(ValidationError::column, ValidationError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("location", "required"));
    }

    @Test
    void refusesThreeDecimalsZeroAndNegativeAmounts() throws IOException {
        assertThat(errors("B1,A,,BKASH,01712345678,7500.125,3,,")).extracting(ValidationError::rule).containsExactly("decimals");
        assertThat(errors("B1,A,,BKASH,01712345678,0,3,,")).extracting(ValidationError::rule).containsExactly("positive");
        assertThat(errors("B1,A,,BKASH,01712345678,-2500,3,,")).extracting(ValidationError::rule).containsExactly("positive");
        assertThat(errors("B1,A,,BKASH,01712345678,\"7,500\",3,,")).extracting(ValidationError::rule).containsExactly("format");
    }

    @Test
    void reportsEveryBrokenRuleOfARowNotOnlyTheFirst() throws IOException {
        List<ValidationError> errors = errors("bad id!,,123,PAYPAL,,0,13,,");
        assertThat(errors).extracting(ValidationError::column).containsExactlyInAnyOrder(
                "beneficiary_id", "full_name", "national_id", "channel", "amount", "installments");
        assertThat(errors).allSatisfy(error -> {
            assertThat(error.row()).isEqualTo(2);
            assertThat(error.message()).startsWith(error.column());
        });
    }

    @Test
    void masksWalletNumbersAndNationalIdsInTheReport() throws IOException {
        List<ValidationError> errors = errors("B1,A,98765432,BKASH,01212345678,7500,3,,");
        assertThat(errors).extracting(ValidationError::value).doesNotContain("98765432", "01212345678");
        assertThat(errors).filteredOn(e -> e.column().equals("wallet_number")).singleElement()
                .satisfies(e -> {
                    assertThat(e.rule()).isEqualTo("prefix");
                    assertThat(e.value()).endsWith("678").doesNotContain("0121234");
                });
    }

    @Test
    void refusesAnInstallmentAboveTheChannelPayoutLimit() throws IOException {
        assertThat(check("B1,A,,BKASH,01712345678,75000,3,,")).isInstanceOf(RowValidator.Accepted.class);
        assertThat(errors("B1,A,,BKASH,01712345678,75000.03,3,,")).singleElement().satisfies(error -> {
            assertThat(error.rule()).isEqualTo("payout-limit");
            assertThat(error.message()).contains("BDT 25,000.01").contains("BDT 25,000.00");
        });
    }

    @Test
    void refusesAChannelThatDoesNotPayInTheListCurrency() throws IOException {
        assertThat(errors("B1,A,,MPESA,254708374149,7500,3,,")).singleElement()
                .satisfies(error -> assertThat(error.rule()).isEqualTo("currency"));
    }

    @Test
    void refusesARowWithMoreOrFewerCellsThanTheHeader() throws IOException {
        assertThat(errors("B1,Begum, Rahima,,BKASH,01712345678,7500,3,,")).singleElement()
                .satisfies(error -> assertThat(error.rule()).isEqualTo("cell-count"));
        assertThat(errors("B1,A,,BKASH,01712345678,7500")).singleElement()
                .satisfies(error -> assertThat(error.rule()).isEqualTo("cell-count"));
    }

    @Test
    void refusesAnAmountTooSmallToSplit() throws IOException {
        assertThat(errors("B1,A,,BKASH,01712345678,0.02,3,,")).extracting(ValidationError::rule).containsExactly("split");
    }

    @Test
    void namesTheRowAndColumnOfTextThatIsNotUtf8() throws IOException {
        var fields = ListFields.parse(Map.of("programme", "EPR-KHULNA", "firstDueDate", "2026-12-01", "interval", "P1M"));
        byte[] latin1 = (HEADER + "\nB1,A,,BKASH,01712345678,7500,3,,\nB2,Ren\u00e9e,,BKASH,01812345678,7500,3,,\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream(latin1))) {
            csv.readHeader();
            var validator = new RowValidator(fields, LIMITS, Year.of(2026), csv.headerSize());
            List<RowValidator.Check> checks = new ArrayList<>();
            csv.forEachRow(row -> checks.add(validator.check(row)));
            assertThat(checks.get(0)).isInstanceOf(RowValidator.Accepted.class);
            assertThat(((RowValidator.Refused) checks.get(1)).errors()).singleElement().satisfies(error -> {
                assertThat(error.row()).isEqualTo(3);
                assertThat(error.column()).isEqualTo("full_name");
                assertThat(error.rule()).isEqualTo("encoding");
            });
        }
    }
}
