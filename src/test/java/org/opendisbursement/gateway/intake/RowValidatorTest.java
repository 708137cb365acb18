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

    private static final PayableUnits UNITS = PayableUnits.of(Map.of(Channel.MPESA, List.of("KES 1"), Channel.CASH, List.of("BDT 1")));

    private static RowValidator.Check check(String row) throws IOException {
        return checkAll(row).get(0);
    }

    private static List<RowValidator.Check> checkAll(String... rows) throws IOException {
        return checkAllIn("BDT", UNITS, rows);
    }

    private static List<RowValidator.Check> checkAllIn(String currency, PayableUnits units, String... rows) throws IOException {
        var fields = ListFields.parse(Map.of("programme", "EPR-KHULNA", "firstDueDate", "2026-12-01", "interval", "P1M",
                "currency", currency));
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream((HEADER + "\n" + String.join("\n", rows) + "\n").getBytes(UTF_8)))) {
            assertThat(csv.readHeader()).isEmpty();
            var validator = new RowValidator(fields, LIMITS, units, Year.of(2026), csv.headerSize());
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

    private static List<ValidationError> errorsIn(String currency, PayableUnits units, String row) throws IOException {
        RowValidator.Check check = checkAllIn(currency, units, row).get(0);
        assertThat(check).isInstanceOf(RowValidator.Refused.class);
        return ((RowValidator.Refused) check).errors();
    }

    @Test
    void refusesAnMpesaEntitlementInShillingsAndCents() throws IOException {
        assertThat(checkAllIn("KES", UNITS, "K1,A,,MPESA,+254712345678,1000,3,,").get(0)).isInstanceOf(RowValidator.Accepted.class);
        assertThat(errorsIn("KES", UNITS, "K1,A,,MPESA,+254712345678,1000.50,3,,")).singleElement().satisfies(error -> {
            assertThat(error.row()).isEqualTo(2);
            assertThat(error.column()).isEqualTo("amount");
            assertThat(error.rule()).isEqualTo("payable-unit");
            assertThat(error.message()).isEqualTo("amount 1000.50 cannot be paid: M-Pesa pays whole KES");
            assertThat(error.value()).isEqualTo("1000.50");
        });
    }

    @Test
    void refusesCashInPaisaButAcceptsItByWalletWhichPaysThePaisa() throws IOException {
        assertThat(errors("B1,A,,CASH,,100.50,1,Jalma Union,")).singleElement().satisfies(error -> {
            assertThat(error.rule()).isEqualTo("payable-unit");
            assertThat(error.message()).contains("cash is paid in whole BDT");
        });
        assertThat(check("B1,A,,CASH,,7500,3,Jalma Union,")).isInstanceOf(RowValidator.Accepted.class);
        assertThat(check("B1,A,,NAGAD,01712345678,100.50,3,,")).isInstanceOf(RowValidator.Accepted.class);
    }

    @Test
    void refusesFewerPayableUnitsThanInstallments() throws IOException {
        assertThat(errors("B1,A,,CASH,,2,3,Jalma Union,")).singleElement().satisfies(error -> {
            assertThat(error.rule()).isEqualTo("split");
            assertThat(error.message()).contains("each installment needs at least BDT 1.00");
        });
        assertThat(check("B1,A,,CASH,,3,3,Jalma Union,")).isInstanceOf(RowValidator.Accepted.class);
    }

    @Test
    void takesAConfiguredUnitAndFallsBackToTheChannelDefault() throws IOException {
        PayableUnits fives = PayableUnits.of(Map.of(Channel.CASH, List.of("BDT 5")));
        assertThat(errorsIn("BDT", fives, "B1,A,,CASH,,7502,2,Jalma Union,")).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("cash is paid in multiples of BDT 5.00"));
        assertThat(checkAllIn("BDT", fives, "B1,A,,CASH,,7505,3,Jalma Union,").get(0)).isInstanceOf(RowValidator.Accepted.class);
        PayableUnits none = PayableUnits.of(Map.of());
        assertThat(errorsIn("KES", none, "K1,A,,MPESA,+254712345678,99.99,1,,")).extracting(ValidationError::rule)
                .containsExactly("payable-unit");
        assertThat(errorsIn("BDT", none, "B1,A,,CASH,,99.99,1,Jalma Union,")).extracting(ValidationError::rule)
                .containsExactly("payable-unit");
        assertThat(checkAllIn("BDT", none, "B1,A,,BKASH,01712345678,99.99,1,,").get(0)).isInstanceOf(RowValidator.Accepted.class);
    }

    @Test
    void checksThePayoutLimitOnTheInstallmentSplitInWholeUnits() throws IOException {
        PayoutLimits limits = PayoutLimits.of(Map.of(Channel.MPESA, List.of("KES 333")));
        var fields = ListFields.parse(Map.of("programme", "EPR-KHULNA", "firstDueDate", "2026-12-01", "interval", "P1M",
                "currency", "KES"));
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream((HEADER + "\nK1,A,,MPESA,+254712345678,1000,3,,\n").getBytes(UTF_8)))) {
            csv.readHeader();
            var validator = new RowValidator(fields, limits, UNITS, Year.of(2026), csv.headerSize());
            List<RowValidator.Check> checks = new ArrayList<>();
            csv.forEachRow(row -> checks.add(validator.check(row)));
            assertThat(((RowValidator.Refused) checks.get(0)).errors()).singleElement().satisfies(error -> {
                assertThat(error.rule()).isEqualTo("payout-limit");
                assertThat(error.message()).contains("KES 334.00");
            });
        }
    }

    @Test
    void namesTheRowAndColumnOfTextThatIsNotUtf8() throws IOException {
        var fields = ListFields.parse(Map.of("programme", "EPR-KHULNA", "firstDueDate", "2026-12-01", "interval", "P1M"));
        byte[] latin1 = (HEADER + "\nB1,A,,BKASH,01712345678,7500,3,,\nB2,Ren\u00e9e,,BKASH,01812345678,7500,3,,\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream(latin1))) {
            csv.readHeader();
            var validator = new RowValidator(fields, LIMITS, UNITS, Year.of(2026), csv.headerSize());
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
