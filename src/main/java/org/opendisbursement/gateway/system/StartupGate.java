package org.opendisbursement.gateway.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No request is served before the gateway is ready: Tomcat opens its port while Camel is still starting, so until
 * the readiness state is ACCEPTING_TRAFFIC (the moment {@code /actuator/health/readiness} turns UP: the database
 * migrated, Camel and its routes started) and again once shutdown refuses traffic, every request but the health
 * probes gets 503 with {@code Retry-After}. Runs before security, so it tells nothing about users.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartupGate extends OncePerRequestFilter {

    static final String RETRY_AFTER_SECONDS = "2";
    private static final byte[] BODY = "{\"status\":503,\"error\":\"Service Unavailable\",\"message\":\"the gateway is starting or stopping; retry shortly\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final ApplicationAvailability availability;

    StartupGate(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
                || request.getRequestURI().startsWith(request.getContextPath() + "/actuator/health")) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setContentType("application/json");
        response.setContentLength(BODY.length);
        response.getOutputStream().write(BODY);
    }
}
