package org.opendisbursement.gateway.audit;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code audit.seal}: every {@code disbursement.audit.seal-period-ms}, new ledger entries are sealed into the hash
 * chain of their list, in batches and behind the writers ({@link LedgerSealer}); nothing else flows through it.
 */
@Component("auditSealRoutes")
class SealRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:audit.seal?period={{disbursement.audit.seal-period-ms:1000}}&delay=1000")
                .routeId("audit.seal")
                .autoStartup("{{disbursement.audit.sealing:true}}")
                .bean("ledgerSealer", "tick")
                .filter(simple("${body} > 0"))
                    .log(LoggingLevel.DEBUG, "org.opendisbursement.gateway.audit", "sealed ${body} ledger entries");
    }
}
