package org.opendisbursement.gateway.dispatch;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Errors of the dispatch routes ({@code routes/dispatch.yaml}, which name it by {@code routeConfigurationId}). A database hiccup while claiming or recording is transient: redelivered with
 * exponential back-off, then logged and dropped, which is safe because every step is a transaction that either
 * happened or did not (unrecorded answers leave installments SUBMITTED, and they are queried later). Provider answers
 * never reach this: adapters turn them into outcomes, and outcomes are never redelivered here.
 */
@Component
class DispatchErrorHandling extends RouteConfigurationBuilder {

    static final String ID = "dispatch-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(TransientDataAccessException.class, DataAccessResourceFailureException.class,
                        CannotCreateTransactionException.class)
                    .maximumRedeliveries(3).redeliveryDelay(200).useExponentialBackOff().backOffMultiplier(2)
                    .retryAttemptedLogLevel(LoggingLevel.WARN).logExhausted(true).logStackTrace(false)
                    .handled(true)
                .end();
    }
}
