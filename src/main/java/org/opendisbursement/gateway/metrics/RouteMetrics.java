package org.opendisbursement.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

/**
 * Camel's per-route meters, under the names camel-micrometer gives them, so the dashboard and the alert rules read
 * them unchanged: {@code camel_exchanges_total}, {@code camel_exchanges_failed_total} and
 * {@code camel_route_policy_seconds}, each tagged {@code routeId} and {@code camelContext} (per route, never per
 * exchange or endpoint: low cardinality). camel-micrometer-starter is not served at Camel 4.22.0 on this project's
 * registry, and these three meters are all the gateway used of it. Camel adds every {@link RoutePolicyFactory} bean
 * of the registry to its context, so each route, Java or YAML, gets one policy; the counters exist from the route's
 * creation, so a route that never failed exports a zero.
 */
@Component
class RouteMetrics implements RoutePolicyFactory {

    private static final String STARTED = RouteMetrics.class.getName() + ".started";

    private final MeterRegistry registry;

    RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        Tags tags = Tags.of("routeId", routeId, "camelContext", camelContext.getName());
        return new Policy(Counter.builder("camel.exchanges.total").description("Exchanges a route completed")
                        .tags(tags).register(registry),
                Counter.builder("camel.exchanges.failed").description("Exchanges a route completed in failure")
                        .tags(tags).register(registry),
                Timer.builder("camel.route.policy").description("Time a route took per exchange")
                        .tags(tags).register(registry));
    }

    private final class Policy extends RoutePolicySupport {
        private final Counter total;
        private final Counter failed;
        private final Timer time;

        Policy(Counter total, Counter failed, Timer time) {
            this.total = total;
            this.failed = failed;
            this.time = time;
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(STARTED + "." + route.getRouteId(), Timer.start(registry));
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Object started = exchange.removeProperty(STARTED + "." + route.getRouteId());
            if (started instanceof Timer.Sample sample) {
                sample.stop(time);
            }
            total.increment();
            if (exchange.isFailed()) {
                failed.increment();
            }
        }
    }
}
