package org.opendisbursement.gateway.support;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * Fires a scheduled route of {@code routes/*.yaml} once, now: {@link AdviceWith} replaces its timer with a direct
 * endpoint, one exchange goes through the real route (its beans, filters and route configuration), and the timer is
 * put back, so the shared context is as it was for the next test (a route that was stopped stays stopped).
 */
public final class ScheduledRoute {

    private ScheduledRoute() {
    }

    /** @return the body the route ends with */
    public static Object fire(CamelContext camel, String routeId) throws Exception {
        ModelCamelContext model = (ModelCamelContext) camel;
        RouteDefinition route = model.getRouteDefinition(routeId);
        String timer = route.getInput().getEndpointUri();
        String resolved = camel.getRoute(routeId).getEndpoint().getEndpointUri();
        boolean wasStarted = camel.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
        String direct = "direct:fire." + routeId;
        AdviceWith.adviceWith(camel, routeId, advice -> advice.replaceFromWith(direct));
        try {
            camel.getRouteController().startRoute(routeId);
            try (ProducerTemplate producer = camel.createProducerTemplate()) {
                return producer.requestBody(direct, (Object) null);
            }
        } finally {
            AdviceWith.adviceWith(camel, routeId, advice -> advice.replaceFromWith(timer));
            if (!wasStarted) {
                camel.getRouteController().stopRoute(routeId);
            }
            String restored = camel.getRoute(routeId).getEndpoint().getEndpointUri();
            if (!restored.equals(resolved)) {
                throw new IllegalStateException(routeId + " came back from " + restored + ", not " + resolved);
            }
        }
    }
}
