package org.opendisbursement.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.GatewayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The sealer builds an entry's canonical text in Java; auditors rebuild it with the database function
 * {@code ledger_entry_canonical}. Both must give the same text for every kind of value, or seals could not be checked
 * with plain SQL. (The text itself is tested without the database in {@link CanonicalEntryTextTest}.)
 */
@GatewayTest
class CanonicalEntryTest {

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Test
    void javaAndTheDatabaseFunctionGiveTheSameTextForAwkwardEntries() {
        List<Map<String, Object>> rows = List.of(
                Map.of("at", "2026-12-01T04:00:00.123456Z", "detail", "রহিমা খাতুন, \"quoted\" | piped\r\nand a new line"),
                Map.of("at", "1969-07-20T20:17:40.000001Z", "detail", "emoji 👩‍👧 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP"),
                Map.of("at", "2026-01-01T00:00:00Z", "detail", ""));
        for (Map<String, Object> row : rows) {
            Long id = jdbc.queryForObject("""
                    INSERT INTO ledger_entry (occurred_at, actor, action, list_id, installment_id, beneficiary_id,
                                              amount_minor, currency, from_state, to_state, reference, detail)
                    VALUES (CAST(:at AS timestamptz), 'tester', 'INSTALLMENT_RELEASED', NULL, 99, 'B-1/2.x', 0, 'UGX', NULL, 'READY',
                            NULL, :detail) RETURNING id""", new MapSqlParameterSource(row), Long.class);
            String inDatabase = jdbc.queryForObject("SELECT ledger_entry_canonical(e) FROM ledger_entry e WHERE e.id = :id",
                    Map.of("id", id), String.class);
            String inJava = jdbc.queryForObject("SELECT " + CanonicalEntry.COLUMNS + " FROM ledger_entry e WHERE e.id = :id",
                    Map.of("id", id), (rs, n) -> CanonicalEntry.read(rs).text());
            assertThat(inJava).isEqualTo(inDatabase).contains(row.get("detail").toString());
        }
    }
}
