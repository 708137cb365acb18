package org.opendisbursement.gateway.dispatch;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
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
     * returns, collected into one list for {@link Dispatcher#record}. Written out rather than Camel's
     * {@code flexible(Move.class).accumulateInCollection(ArrayList.class)}, which makes each list through the bean
     * factory's injector and converts each body: a few percent of the CPU of a payout.
     */
    @Bean(name = "movesCollected")
    AggregationStrategy movesCollected() {
        return (collected, next) -> {
            Object body = next.getMessage().getBody();
            if (collected == null) {
                List<Move> moves = new ArrayList<>();
                if (body instanceof Move move) {
                    moves.add(move);
                }
                next.getMessage().setBody(moves);
                return next;
            }
            if (body instanceof Move move) {
                @SuppressWarnings("unchecked")
                List<Move> moves = collected.getMessage().getBody(List.class);
                moves.add(move);
            }
            return collected;
        };
    }
}
