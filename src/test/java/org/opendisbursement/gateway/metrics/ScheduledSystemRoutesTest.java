package org.opendisbursement.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.ScheduledRoute;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The housekeeping routes of {@code routes/*.yaml} fired as routes ({@link ScheduledRoute}): {@code metrics.business}
 * re-reads the business gauges, {@code dispatch.meters} and {@code console.traffic} complete an exchange under their
 * route id (what the dashboard's {@code camel_exchanges_total{routeId}} shows). {@code audit.seal} is fired by its
 * own timer in {@code LedgerTamperEvidenceTest}, {@code dispatch.send}/{@code dispatch.check} in
 * {@code DispatchEndToEndTest}; the cash routes in {@code ScheduledCashRoutesTest}.
 */
@GatewayTest
class ScheduledSystemRoutesTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry registry;

    @Test
    void metricsBusinessRereadsTheListCount() throws Exception {
        ScheduledRoute.fire(camel, "metrics.business");
        double before = lists();
        Api.Response uploaded = new Api(port).upload("maker", ListFile.of().beneficiaries("MB", 1),
                ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        assertThat(lists()).as("not re-read on a scrape").isEqualTo(before);
        ScheduledRoute.fire(camel, "metrics.business");
        assertThat(lists()).isEqualTo(before + 1);
    }

    @Test
    void dispatchMetersAndConsoleTrafficCompleteAnExchangeEach() throws Exception {
        for (String routeId : new String[] {"dispatch.meters", "console.traffic"}) {
            double before = exchanges(routeId);
            double failedBefore = failed(routeId);
            ScheduledRoute.fire(camel, routeId);
            assertThat(exchanges(routeId)).as(routeId).isGreaterThan(before);
            assertThat(failed(routeId)).as(routeId).isEqualTo(failedBefore);
        }
        assertThat(registry.find("gateway.installments.manual_review").gauges()).isNotEmpty();
    }

    private double lists() {
        return registry.find(BusinessMeters.LISTS).gauges().stream().mapToDouble(Gauge::value).sum();
    }

    private double exchanges(String routeId) {
        var counter = registry.find("camel.exchanges.total").tag("routeId", routeId).counter();
        return counter == null ? 0 : counter.count();
    }

    private double failed(String routeId) {
        var counter = registry.find("camel.exchanges.failed").tag("routeId", routeId).counter();
        return counter == null ? 0 : counter.count();
    }
}
