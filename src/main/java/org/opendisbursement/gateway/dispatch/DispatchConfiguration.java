package org.opendisbursement.gateway.dispatch;

import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
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
}
