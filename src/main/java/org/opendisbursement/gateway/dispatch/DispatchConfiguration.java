package org.opendisbursement.gateway.dispatch;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AggregationStrategies;
import org.opendisbursement.gateway.installments.Move;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    @Bean
    Transitions transitions() {
        return new Transitions(new SecureRandom());
    }

    /** The threads that wait on provider calls, shared by sends and status queries. */
    @Bean(name = "dispatchPool", destroyMethod = "")
    ExecutorService dispatchPool(CamelContext camel, DispatchProperties properties) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "dispatch", properties.threads());
    }

    /**
     * The aggregation of the dispatch splits ({@code routes/dispatch.yaml}): the {@link Move} each provider call
     * returns, collected into one list for {@link Dispatcher#record}.
     */
    @Bean(name = "movesCollected")
    AggregationStrategy movesCollected() {
        return AggregationStrategies.flexible(Move.class).accumulateInCollection(ArrayList.class);
    }
}
