package org.opendisbursement.gateway.system.metrics;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code metrics.business}: every {@code disbursement.metrics.refresh-ms} (default 30 s) the business gauges are
 * re-read from the database by {@link BusinessMeters}, so a Prometheus scrape never queries the database.
 */
@Component
class MetricsRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:metrics.business?period={{disbursement.metrics.refresh-ms:30000}}&delay=1000")
                .routeId("metrics.business")
                .bean("businessMeters", "refresh");
    }
}
