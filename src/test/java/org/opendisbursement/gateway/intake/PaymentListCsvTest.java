package org.opendisbursement.gateway.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentListCsvTest {

    private static final String HEADER = "beneficiary_id,full_name,channel,wallet_number,amount,installments";

    private static List<PaymentListCsv.Row> rows(byte[] content) throws IOException {
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream(content))) {
            assertThat(csv.readHeader()).isEmpty();
            List<PaymentListCsv.Row> rows = new ArrayList<>();
            csv.forEachRow(rows::add);
            return rows;
        }
    }

    private static List<PaymentListCsv.Row> rows(String content) throws IOException {
        return rows(content.getBytes(UTF_8));
    }

    @Test
    void skipsAByteOrderMark() throws IOException {
        byte[] text = (HEADER + "\nB1,Rahima,BKASH,01712345678,7500,3\n").getBytes(UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        List<PaymentListCsv.Row> rows = rows(withBom);
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.get(Column.BENEFICIARY_ID)).isEqualTo("B1"));
    }

    @Test
    void readsCrlfAndLfAlike() throws IOException {
        assertThat(rows(HEADER + "\r\nB1,A,BKASH,01712345678,7500,3\r\nB2,B,CASH,,100,1\r\n"))
                .extracting(row -> row.get(Column.INSTALLMENTS)).containsExactly("3", "1");
    }

    @Test
    void keepsQuotedCommasNewlinesAndQuotesInsideOneCell() throws IOException {
        List<PaymentListCsv.Row> rows = rows(HEADER + "\n\"B1\",\"Begum, Rahima \"\"Rani\"\"\nKhatun\",BKASH,01712345678,7500,3\nB2,X,CASH,,1,1\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(Column.FULL_NAME)).isEqualTo("Begum, Rahima \"Rani\"\nKhatun");
        assertThat(rows.get(1).number()).as("row numbers count records, not lines").isEqualTo(3);
    }

    @Test
    void readsBengaliNamesAsTheyAre() throws IOException {
        assertThat(rows(HEADER + "\nB1,রহিমা খাতুন,NAGAD,01712345678,7500,3\n").get(0).get(Column.FULL_NAME)).isEqualTo("রহিমা খাতুন");
    }

    @Test
    void ignoresTrailingEmptyLinesAndEmptyRowsButKeepsRowNumbers() throws IOException {
        List<PaymentListCsv.Row> rows = rows(HEADER + "\nB1,A,BKASH,01712345678,7500,3\n\n,,,,,\nB2,B,CASH,,1,1\n\n\n\n");
        assertThat(rows).extracting(PaymentListCsv.Row::number).containsExactly(2, 5);
    }

    @Test
    void acceptsColumnsInAnyOrderAndAnyCase() throws IOException {
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream(
                "Installments,AMOUNT,channel,full_name,beneficiary_id\n3,7500,CASH,A,B1\n".getBytes(UTF_8)))) {
            assertThat(csv.readHeader()).isEmpty();
            List<PaymentListCsv.Row> rows = new ArrayList<>();
            csv.forEachRow(rows::add);
            assertThat(rows.get(0).get(Column.BENEFICIARY_ID)).isEqualTo("B1");
            assertThat(rows.get(0).get(Column.AMOUNT)).isEqualTo("7500");
        }
    }

    @Test
    void namesEveryMissingRequiredColumn() throws IOException {
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream("beneficiary_id,full_name,wallet_number\n".getBytes(UTF_8)))) {
            assertThat(csv.readHeader()).extracting(ValidationError::column, ValidationError::rule)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("channel", "missing-column"),
                            org.assertj.core.groups.Tuple.tuple("amount", "missing-column"),
                            org.assertj.core.groups.Tuple.tuple("installments", "missing-column"));
        }
    }

    @Test
    void refusesUnknownAndRepeatedColumns() throws IOException {
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream((HEADER + ",bank_account,amount\n").getBytes(UTF_8)))) {
            assertThat(csv.readHeader()).extracting(ValidationError::row, ValidationError::rule)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, "unknown-column"),
                            org.assertj.core.groups.Tuple.tuple(1, "repeated-column"));
        }
    }

    @Test
    void reportsAQuoteLeftOpen() {
        assertThatThrownBy(() -> rows(HEADER + "\nB1,\"A,BKASH,01712345678,7500,3\n"))
                .isInstanceOf(MalformedListException.class);
    }

    @Test
    void aFieldLongerThanTheLimitIsAnErrorNamingRowColumnAndRule() throws IOException {
        String text = HEADER + "\nB1,Rahima,BKASH,01712345678,7500,3\nB2," + "n".repeat(1001) + ",BKASH,01712345679,7500,3\n";
        List<PaymentListCsv.Row> rows = new ArrayList<>();
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream(text.getBytes(UTF_8)), 1000)) {
            assertThat(csv.readHeader()).isEmpty();
            assertThatThrownBy(() -> csv.forEachRow(rows::add)).isInstanceOfSatisfying(MalformedListException.class, e -> {
                ValidationError error = e.error();
                assertThat(error.row()).isEqualTo(3);
                assertThat(error.column()).isEqualTo("full_name");
                assertThat(error.rule()).isEqualTo("field-length");
                assertThat(error.message()).contains("more than 1000 characters");
                assertThat(error.value()).isNull();
            });
        }
        assertThat(rows).as("the rows before it were read").hasSize(1);
    }

    @Test
    void aLongHeaderCellIsAnErrorOfTheHeader() throws IOException {
        try (var csv = PaymentListCsv.open(new ByteArrayInputStream((HEADER + "," + "h".repeat(30) + "\n").getBytes(UTF_8)), 20)) {
            assertThat(csv.readHeader()).singleElement().satisfies(error -> {
                assertThat(error.row()).isEqualTo(1);
                assertThat(error.column()).isEqualTo("column 7");
                assertThat(error.rule()).isEqualTo("field-length");
            });
        }
    }
}
