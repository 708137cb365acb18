package org.opendisbursement.gateway.api;

import java.time.Clock;
import org.opendisbursement.gateway.audit.AccessLog;
import org.opendisbursement.gateway.audit.AuditProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the {@link AccessLogInterceptor} on the paths of {@code disbursement.audit.access-log-paths}. */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration implements WebMvcConfigurer {

    private final AccessLog accessLog;
    private final Clock clock;
    private final AuditProperties properties;

    AccessLogConfiguration(AccessLog accessLog, Clock clock, AuditProperties properties) {
        this.accessLog = accessLog;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AccessLogInterceptor(accessLog, clock))
                .addPathPatterns(properties.accessLogPaths().toArray(String[]::new));
    }
}
