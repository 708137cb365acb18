package org.opendisbursement.gateway.intake;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The one intake route both doors use: an {@link IntakeRequest} (the HTTP upload, or the inbox route in
 * {@code routes/intake-inbox.yaml}) goes in, an {@link IntakeOutcome} comes out.
 */
@Component
class IntakeRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:intake.upload").routeId("intake.upload")
                .bean(IntakeService.class, "ingest");
    }
}
