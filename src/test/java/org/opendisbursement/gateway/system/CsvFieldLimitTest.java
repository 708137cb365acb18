package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvFieldLimitTest {

    private static List<List<String>> parse(String text, int max) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Reader reader = CsvFieldLimit.of(new StringReader(text), max);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180).get()) {
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
        }
        return rows;
    }

    private static CsvFieldLimit.TooLong tooLong(String text, int max) {
        List<List<String>> seen = new ArrayList<>();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (Reader reader = CsvFieldLimit.of(new StringReader(text), max);
                 CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180).get()) {
                for (CSVRecord record : parser) {
                    seen.add(record.toList());
                }
            }
        });
        assertThat(thrown).as("rows read before: " + seen).isNotNull();
        CsvFieldLimit.TooLong tooLong = CsvFieldLimit.cause(thrown);
        assertThat(tooLong).as(String.valueOf(thrown)).isNotNull();
        return tooLong;
    }

    @Test
    void fieldsUpToTheLimitPassUnchangedWithQuotesCommasAndLineBreaks() throws IOException {
        String text = "id,note\r\n1,\"a, \"\"b\"\"\nc\"\r\n2,abcde\n3,\"\"\n";
        assertThat(parse(text, 8)).containsExactly(List.of("id", "note"), List.of("1", "a, \"b\"\nc"), List.of("2", "abcde"),
                List.of("3", ""));
    }

    @Test
    void aLongFieldIsNamedByRowAndColumn() {
        CsvFieldLimit.TooLong tooLong = tooLong("id,name,note\r\n1,ok,ok\r\n2,ok," + "x".repeat(11) + "\r\n", 10);
        assertThat(tooLong.row()).isEqualTo(3);
        assertThat(tooLong.column()).isEqualTo(2);
        assertThat(tooLong.max()).isEqualTo(10);
    }

    @Test
    void anEscapedQuoteCountsAsOneCharacterAndAQuoteInsideAnUnquotedFieldIsText() throws IOException {
        assertThat(parse("a\n\"\"\"\"\"\"\"\"\n", 3)).containsExactly(List.of("a"), List.of("\"\"\""));
        assertThat(tooLong("a\n\"\"\"\"\"\"\"\"\n", 2).row()).isEqualTo(2);
        assertThat(parse("a,b\n5\" x,y\n", 5)).containsExactly(List.of("a", "b"), List.of("5\" x", "y"));
    }

    @Test
    void aQuoteLeftOpenStopsAtTheLimitInsteadOfReadingTheRestOfTheFile() {
        String rest = "2,fine\r\n".repeat(100_000);
        CsvFieldLimit.TooLong tooLong = tooLong("id,name\r\n1,\"open\r\n" + rest, 1000);
        assertThat(tooLong.row()).isEqualTo(2);
        assertThat(tooLong.column()).isEqualTo(1);
    }

    @Test
    void theRowsBeforeTheLongFieldAreReadFirst() {
        List<List<String>> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (Reader reader = CsvFieldLimit.of(new StringReader("a\nb\n" + "c".repeat(50)), 10);
                 CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180).get()) {
                for (CSVRecord record : parser) {
                    seen.add(record.toList());
                }
            }
        }).isInstanceOf(UncheckedIOException.class);
        assertThat(seen).containsExactly(List.of("a"), List.of("b"));
    }
}
