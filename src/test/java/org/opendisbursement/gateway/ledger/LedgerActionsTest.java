package org.opendisbursement.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.support.GatewayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The closed lists of ledger actions and installment states are the same in Java and in PostgreSQL's CHECKs. */
@GatewayTest
class LedgerActionsTest {

    private static final Pattern QUOTED = Pattern.compile("'([A-Z_]+)'");

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    private Set<String> valuesOf(String constraint) {
        String definition = jdbc.queryForObject("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name",
                Map.of("name", constraint), String.class);
        Set<String> values = new TreeSet<>();
        Matcher m = QUOTED.matcher(definition);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static Set<String> namesOf(Enum<?>[] values) {
        return new TreeSet<>(Arrays.stream(values).map(Enum::name).toList());
    }

    @Test
    void everyLedgerActionInJavaIsOneThePostgresConstraintAllowsAndNoOther() {
        assertThat(valuesOf("ledger_entry_action_known")).isEqualTo(namesOf(LedgerAction.values()));
    }

    @Test
    void everyInstallmentStateInJavaIsOneThePostgresConstraintAllowsAndNoOther() {
        assertThat(valuesOf("installment_state_known")).isEqualTo(namesOf(InstallmentState.values()));
    }
}
