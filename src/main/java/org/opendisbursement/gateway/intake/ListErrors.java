package org.opendisbursement.gateway.intake;

import java.util.List;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/** The stored validation report of a rejected list. */
@Repository
public class ListErrors {

    private final NamedParameterJdbcTemplate jdbc;

    ListErrors(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void save(long listId, List<ValidationError> errors) {
        SqlParameterSource[] batch = IntStream.range(0, errors.size()).mapToObj(i -> new MapSqlParameterSource()
                .addValue("listId", listId).addValue("seq", i + 1)
                .addValue("row", errors.get(i).row()).addValue("column", errors.get(i).column())
                .addValue("rule", errors.get(i).rule()).addValue("message", errors.get(i).message())
                .addValue("value", errors.get(i).value())).toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("""
                INSERT INTO list_error (list_id, seq, row_no, column_name, rule, message, value)
                VALUES (:listId, :seq, :row, :column, :rule, :message, :value)
                """, batch);
    }

    public List<ValidationError> of(long listId) {
        return jdbc.query("SELECT * FROM list_error WHERE list_id = :listId ORDER BY seq",
                new MapSqlParameterSource("listId", listId),
                (rs, i) -> new ValidationError(rs.getInt("row_no"), rs.getString("column_name"), rs.getString("rule"),
                        rs.getString("message"), rs.getString("value")));
    }
}
