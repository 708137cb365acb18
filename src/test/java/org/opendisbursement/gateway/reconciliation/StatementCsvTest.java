package org.opendisbursement.gateway.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatementCsvTest {

    private final List<StatementLine> lines = new ArrayList<>();

    private StatementCsv.Reading read(String text) throws Exception {
        return new StatementCsv(ZoneId.of("Asia/Dhaka"), 1000).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), lines::add);
    }

    @Test
    void readsABomCommonColumnNamesSeparatorsSignsAndEveryTimeForm() throws Exception {
        UUID reference = UUID.randomUUID();
        StatementCsv.Reading reading = read("\uFEFFTransaction Status,Provider Reference,Amount,Completed Time,Currency\r\n"
                + "Completed," + reference.toString().replace("-", "") + ",\"-7,500.00\",2026-12-01 10:15:00,bdt\r\n"
                + "\r\n"
                + "failed,INV-7,BDT 10,2026-12-01T10:15:00+06:00,\r\n"
                + "PENDING,INV-8,10.5,2026-12-01,\r\n"
                + "Success,INV-9,10,2026-12-01T04:15:00Z,\r\n");

        assertThat(reading.errors()).isEmpty();
        assertThat(reading.lines()).isEqualTo(4);
        assertThat(lines).extracting(StatementLine::amount).containsExactly("7500.00", "10", "10.5", "10");
        assertThat(lines.get(0).referenceUuid()).isEqualTo(reference);
        assertThat(lines.get(0).currency()).isEqualTo("BDT");
        assertThat(lines.get(1).referenceUuid()).isNull();
        assertThat(lines.get(1).currency()).as("named with the amount").isEqualTo("BDT");
        assertThat(lines).extracting(StatementLine::paid).containsExactly(StatementStatus.PAID, StatementStatus.NOT_PAID,
                StatementStatus.PENDING, StatementStatus.PAID);
        Instant quarterPastTen = Instant.parse("2026-12-01T04:15:00Z");
        assertThat(lines.get(0).occurredAt()).isEqualTo(quarterPastTen);
        assertThat(lines.get(1).occurredAt()).isEqualTo(quarterPastTen);
        assertThat(lines.get(3).occurredAt()).isEqualTo(quarterPastTen);
        assertThat(lines.get(2).occurredAt()).isEqualTo(Instant.parse("2026-11-30T18:00:00Z"));
        assertThat(reading.earliest()).isEqualTo(Instant.parse("2026-11-30T18:00:00Z"));
        assertThat(reading.latest()).isEqualTo(quarterPastTen);
    }

    @Test
    void namesEveryBadLineAndColumnAndKeepsNoneOfThem() throws Exception {
        StatementCsv.Reading reading = read("reference,amount,time,status,currency\n"
                + "A,1.2.3,2026-12-01,COMPLETED,\n"
                + "B,10,2026-13-01,COMPLETED,XXX\n"
                + "C,12abc,2026-12-01,COMPLETED,\n"
                + "D,KES 10,2026-12-01,COMPLETED,BDT\n");

        assertThat(reading.errorCount()).isEqualTo(5);
        assertThat(reading.errors()).extracting(e -> e.line() + ":" + e.column())
                .containsExactly("2:amount", "3:currency", "3:time", "4:amount", "5:amount");
        assertThat(lines).isEmpty();
    }

    @Test
    void aHeaderWithoutTheRequiredColumnsIsOneErrorOnLineOne() throws Exception {
        StatementCsv.Reading reading = read("ref,value\nA,10\n");

        assertThat(reading.errors()).extracting(StatementError::line).containsOnly(1);
        assertThat(reading.errors()).extracting(StatementError::column).containsExactly("amount", "time", "status");
    }

    @Test
    void aFieldLongerThanTheLimitRefusesTheStatementOnItsLine() throws Exception {
        StatementCsv.Reading reading = read("reference,amount,time,status\r\n"
                + "INV-1,10,2026-12-01,paid\r\n"
                + "INV-2,10,2026-12-01,\"" + "p".repeat(1001) + "\"\r\n"
                + "INV-3,10,2026-12-01,paid\r\n");
        assertThat(reading.errorCount()).isEqualTo(1);
        assertThat(reading.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.message()).contains("column 4", "longer than 1000 characters");
        });
    }
}
