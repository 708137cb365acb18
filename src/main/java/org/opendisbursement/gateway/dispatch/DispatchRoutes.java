package org.opendisbursement.gateway.dispatch;

import java.util.ArrayList;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Dispatch. {@code dispatch.send}: READY installments whose time has come are claimed (moved to SUBMITTED, ledger
 * first), each goes to its provider's route {@code direct:provider.<name>.send} in parallel, and the batch of
 * answers comes back as moves recorded in one transaction. {@code dispatch.check}: installments awaiting an answer
 * (UNKNOWN, PENDING, or SUBMITTED left behind by a crash) are queried the same way through
 * {@code direct:provider.<name>.query}. Each provider's routes come from the {@code provider-call} template.
 * {@code dispatch.meters} refreshes the backlog gauges.
 */
@Component
class DispatchRoutes extends RouteBuilder {

    private final ProviderCalls calls;

    DispatchRoutes(ProviderCalls calls) {
        this.calls = calls;
    }

    @Override
    public void configure() {
        routeTemplate("provider-call")
                .templateParameter("provider")
                .templateParameter("operation")
                .from("direct:provider.{{provider}}.{{operation}}")
                .bean("providerCalls", "{{operation}}");

        for (String provider : calls.adapters().keySet()) {
            for (String operation : new String[] {"send", "query"}) {
                templatedRoute("provider-call").routeId("provider." + provider + "." + operation)
                        .parameter("provider", provider).parameter("operation", operation);
            }
        }

        from("timer:dispatch.send?period={{disbursement.dispatch.poll-ms:100}}&delay=2000")
                .routeId("dispatch.send")
                .routeConfigurationId(DispatchErrorHandling.ID)
                .autoStartup("{{disbursement.dispatch.enabled:true}}")
                .bean("dispatcher", "claimSends")
                .filter(simple("${body.size} > 0"))
                .split(body(), AggregationStrategies.flexible(Move.class).accumulateInCollection(ArrayList.class))
                    .parallelProcessing().executorService("dispatchPool")
                    .toD("direct:provider.${body.provider}.send")
                .end()
                .bean("dispatcher", "record");

        from("timer:dispatch.meters?period=10000&delay=1000")
                .routeId("dispatch.meters")
                .routeConfigurationId(DispatchErrorHandling.ID)
                .bean("dispatchMeters", "refresh");

        from("timer:dispatch.check?period={{disbursement.dispatch.poll-ms:100}}&delay=2000")
                .routeId("dispatch.check")
                .routeConfigurationId(DispatchErrorHandling.ID)
                .autoStartup("{{disbursement.dispatch.enabled:true}}")
                .bean("dispatcher", "claimChecks")
                .filter(simple("${body.size} > 0"))
                .split(body(), AggregationStrategies.flexible(Move.class).accumulateInCollection(ArrayList.class))
                    .parallelProcessing().executorService("dispatchPool")
                    .toD("direct:provider.${body.provider}.query")
                .end()
                .bean("dispatcher", "record");
    }
}
