package org.opendisbursement.gateway.installments;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import javax.sql.DataSource;
import java.util.EnumMap;
import java.util.Map;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.intake.PayableUnit;
import org.opendisbursement.gateway.intake.PayableUnits;
import org.opendisbursement.gateway.intake.PaymentList;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.money.Money;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the installment plan of an approved list: each beneficiary's entitlement split exactly into N
 * installments in her channel's payable unit (the same {@link PayableUnits} intake checked the row against), due on
 * the first due date plus k intervals, each under its lifelong provider reference, each with its PLANNED ledger
 * entry. Beneficiaries stream from a cursor on a second connection (they are committed and never change) into a
 * COPY on the approving transaction's connection, so memory stays flat for any list.
 */
@Component
class PlanWriter {

    private final DataSource dataSource;
    private final NamedParameterJdbcTemplate jdbc;
    private final PayableUnits payableUnits;
    private final Ledger ledger;

    PlanWriter(DataSource dataSource, NamedParameterJdbcTemplate jdbc, PayableUnits payableUnits, Ledger ledger) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.payableUnits = payableUnits;
        this.ledger = ledger;
    }

    /** Returns the number of installments planned. */
    @Transactional(propagation = Propagation.MANDATORY)
    long write(PaymentList list, String actor, Instant now) {
        Connection approving = DataSourceUtils.getConnection(dataSource);
        try (Connection reading = dataSource.getConnection()) {
            reading.setAutoCommit(false);
            reading.setReadOnly(true);
            long written = copyInstallments(list, now, approving, reading);
            reading.commit();
            recordPlanned(list, actor, now);
            return written;
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the plan of list " + list.id(), e);
        }
    }

    private long copyInstallments(PaymentList list, Instant now, Connection approving, Connection reading) throws SQLException {
        JdbcTemplate cursor = new JdbcTemplate(new SingleConnectionDataSource(reading, true));
        cursor.setFetchSize(10_000);
        String currency = list.currency().getCurrencyCode();
        String updatedAt = now.toString();
        long[] written = {0};
        var copy = new PGCopyOutputStream(approving.unwrap(PGConnection.class), """
                COPY installment (list_id, beneficiary_ref, number, amount_minor, currency, channel, due_date,
                                  provider_reference, state, updated_at) FROM STDIN""", 1 << 16);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), 1 << 16)) {
            LocalDate[] dueDates = new LocalDate[12];
            for (int n = 1; n <= 12; n++) {
                dueDates[n - 1] = list.fields().dueDateOf(n);
            }
            Map<Channel, PayableUnit> units = new EnumMap<>(Channel.class);
            for (Channel channel : Channel.values()) {
                units.put(channel, payableUnits.of(channel, list.currency()));
            }
            new NamedParameterJdbcTemplate(cursor).query("""
                    SELECT id, beneficiary_id, channel, amount_minor, installments
                    FROM beneficiary WHERE list_id = :listId ORDER BY row_no
                    """, new MapSqlParameterSource("listId", list.id()), rs -> {
                long beneficiaryRef = rs.getLong("id");
                String beneficiaryId = rs.getString("beneficiary_id");
                String channel = rs.getString("channel");
                long total = rs.getLong("amount_minor");
                int count = rs.getInt("installments");
                PayableUnit unit = units.get(Channel.valueOf(channel));
                if (!unit.splits(total, count)) {
                    throw new StateConflictException("beneficiary " + beneficiaryId + " of list " + list.id() + ": "
                            + new Money(total, list.currency()).display() + " in " + count + " installment(s) cannot be paid: "
                            + unit.rule() + ". The payable units changed since the list was checked; reject the list and"
                            + " upload it again");
                }
                try {
                    for (int n = 1; n <= count; n++) {
                        out.write(list.id() + "\t" + beneficiaryRef + "\t" + n + "\t"
                                + unit.amountOf(total, count, n) + "\t" + currency + "\t" + channel + "\t"
                                + dueDates[n - 1] + "\t" + ProviderReference.of(list.uid(), beneficiaryId, n) + "\t"
                                + InstallmentState.PLANNED.name() + "\t" + updatedAt + "\n");
                        written[0]++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("COPY of the plan failed", e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("COPY of the plan failed", e);
        }
        return written[0];
    }

    /**
     * One ledger entry per beneficiary: her entitlement and how it splits. Each installment is then recorded in the
     * ledger at every change of its state, starting with its release.
     */
    private void recordPlanned(PaymentList list, String actor, Instant now) {
        ledger.appendForEach(LedgerAction.BENEFICIARY_PLANNED, actor, now, """
                SELECT b.list_id, NULL::bigint, b.beneficiary_id, b.amount_minor, :currency, NULL, 'PLANNED', b.channel,
                       b.installments || ' installment(s) from ' || :firstDue || ' every ' || :interval
                FROM beneficiary b WHERE b.list_id = :listId
                """, new MapSqlParameterSource()
                .addValue("listId", list.id()).addValue("currency", list.currency().getCurrencyCode())
                .addValue("firstDue", list.fields().firstDueDate().toString())
                .addValue("interval", list.fields().interval().toString()));
    }
}
