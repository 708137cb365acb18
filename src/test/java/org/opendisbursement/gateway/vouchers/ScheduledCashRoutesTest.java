package org.opendisbursement.gateway.vouchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendisbursement.gateway.vouchers.CashLists.cash;
import static org.opendisbursement.gateway.vouchers.CashLists.installmentState;
import static org.opendisbursement.gateway.vouchers.CashLists.ledgerCount;

import java.time.LocalDate;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MutableClock;
import org.opendisbursement.gateway.support.ScheduledRoute;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The three cash routes of {@code routes/*.yaml}, each fired as a route (its timer swapped for a direct endpoint by
 * {@link ScheduledRoute}): {@code installments.release} makes a due installment READY, {@code vouchers.issue} turns
 * it into a voucher (PENDING), {@code vouchers.expire} expires the voucher nobody redeemed.
 */
@GatewayTest
class ScheduledCashRoutesTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    CamelContext camel;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void releaseThenIssueThenExpireEachRunAsTheirRoute() throws Exception {
        Api api = new Api(port);
        Api.Response uploaded = api.upload("maker", ListFile.of().row(cash("R-1", "রহিমা খাতুন", 5000, 2, "Dacope Union")),
                ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long listId = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(installmentState(jdbc, listId, "R-1", 1)).isEqualTo("PLANNED");

        clock.setDate(LocalDate.parse(ListFile.fields("x").get("firstDueDate")));
        assertThat((Long) ScheduledRoute.fire(camel, "installments.release")).isGreaterThanOrEqualTo(1);
        assertThat(installmentState(jdbc, listId, "R-1", 1)).isEqualTo("READY");
        assertThat(installmentState(jdbc, listId, "R-1", 2)).as("not yet due").isEqualTo("PLANNED");

        assertThat((Long) ScheduledRoute.fire(camel, "vouchers.issue")).isGreaterThanOrEqualTo(1);
        assertThat(installmentState(jdbc, listId, "R-1", 1)).isEqualTo("PENDING");
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_ISSUED")).isEqualTo(1);

        clock.setDate(LocalDate.parse(ListFile.fields("x").get("firstDueDate")).plusDays(40));
        ScheduledRoute.fire(camel, "vouchers.expire");
        assertThat(installmentState(jdbc, listId, "R-1", 1)).isEqualTo("EXPIRED");
        assertThat(ledgerCount(jdbc, listId, "VOUCHER_EXPIRED")).isEqualTo(1);
    }
}
