package org.opendisbursement.gateway.console;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The console's one route, {@code console.traffic}: a timer that samples the provider call counters every ten
 * seconds, so the providers page can show throughput and error rate over the last minutes. Nothing else flows.
 */
@Component
class ConsoleRoutes extends RouteBuilder {

    private final ProviderTraffic traffic;

    ConsoleRoutes(ProviderTraffic traffic) {
        this.traffic = traffic;
    }

    @Override
    public void configure() {
        from("timer:console.traffic?period=10000&delay=10000")
                .routeId("console.traffic")
                .process(exchange -> traffic.sample());
    }
}
