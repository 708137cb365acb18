package org.opendisbursement.gateway.intake;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * The staging table of one upload: valid rows stream into a temporary table with PostgreSQL's COPY while the file
 * is read, are checked against each other and against earlier lists there, and are promoted to beneficiaries
 * only when the whole list is valid. The table disappears with the transaction.
 */
@Component
class IntakeStaging {

    private static final String COLUMNS =
            "row_no, beneficiary_id, full_name, national_id, channel, wallet_number, amount_minor, installments, location, category";

    private final DataSource dataSource;
    private final NamedParameterJdbcTemplate jdbc;

    IntakeStaging(DataSource dataSource, NamedParameterJdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** Creates the staging table and opens a COPY into it on the transaction's connection. */
    Writer open() {
        jdbc.getJdbcTemplate().execute("""
                CREATE TEMPORARY TABLE intake_row (
                    row_no integer NOT NULL, beneficiary_id text NOT NULL, full_name text NOT NULL, national_id text,
                    channel text NOT NULL, wallet_number text, amount_minor bigint NOT NULL, installments smallint NOT NULL,
                    location text, category text
                ) ON COMMIT DROP
                """);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            var copy = new PGCopyOutputStream(pg, "COPY intake_row (" + COLUMNS + ") FROM STDIN", 1 << 16);
            return new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), 1 << 16);
        } catch (SQLException e) {
            throw new IllegalStateException("could not open COPY into the staging table", e);
        }
    }

    static void write(Writer out, BeneficiaryRow row) {
        try {
            out.write(Integer.toString(row.row()));
            field(out, row.beneficiaryId());
            field(out, row.fullName());
            field(out, row.nationalId());
            field(out, row.channel().name());
            field(out, row.walletNumber());
            field(out, Long.toString(row.amountMinor()));
            field(out, Integer.toString(row.installments()));
            field(out, row.location());
            field(out, row.category());
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("COPY into the staging table failed", e);
        }
    }

    /** Statistics for the planner: temporary tables are never analysed automatically. */
    void analyse() {
        jdbc.getJdbcTemplate().execute("ANALYZE intake_row");
    }

    /** Moves the staged rows into the list's beneficiaries; returns {count, total minor units, installments}. */
    long[] promote(long listId, String programme) {
        var params = new MapSqlParameterSource().addValue("listId", listId).addValue("programme", programme);
        jdbc.update("INSERT INTO beneficiary (list_id, programme, " + COLUMNS + ") "
                + "SELECT :listId, :programme, " + COLUMNS + " FROM intake_row ORDER BY row_no", params);
        return jdbc.queryForObject(
                "SELECT count(*), coalesce(sum(amount_minor), 0), coalesce(sum(installments), 0) FROM intake_row",
                params, (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
    }

    private static void field(Writer out, String value) throws IOException {
        out.write('\t');
        if (value == null) {
            out.write("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
    }
}
