package org.opendisbursement.gateway.api;

import org.opendisbursement.gateway.audit.AccessLog;
import tools.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Writes one {@link AccessLog} row when a request to a logged path has been answered (the CSV export included: it is
 * streamed inside the request, so the row count is known by then). A failure to log is itself logged, never shown
 * to the caller, whose answer has already gone.
 */
class AccessLogInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AccessLogInterceptor.class);
    private static final String STARTED = AccessLogInterceptor.class.getName() + ".started";

    private final AccessLog accessLog;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.shared();

    AccessLogInterceptor(AccessLog accessLog, Clock clock) {
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(STARTED, System.nanoTime());
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        try {
            Authentication user = SecurityContextHolder.getContext().getAuthentication();
            String username = user == null ? (request.getRemoteUser() == null ? "anonymous" : request.getRemoteUser())
                    : user.getName();
            // roles only: Spring Security 7 also grants factor authorities (FACTOR_PASSWORD) on login
            String roles = user == null ? "" : user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).sorted().collect(Collectors.joining(","));
            Object started = request.getAttribute(STARTED);
            long durationMs = started instanceof Long nanos ? (System.nanoTime() - nanos) / 1_000_000 : 0;
            Object rows = request.getAttribute(AccessLog.ROWS);
            String format = format(response.getContentType());
            accessLog.record(new AccessLog.Access(0, clock.instant(), cut(username, 64), cut(roles, 200),
                    request.getMethod(), cut(request.getRequestURI(), 500), filters(request), format, response.getStatus(),
                    rows instanceof Number n ? n.longValue() : null, durationMs, cut(request.getRemoteAddr(), 64),
                    ex == null ? null : cut(ex.getClass().getSimpleName() + ": " + ex.getMessage(), 500)));
        } catch (RuntimeException e) { // a JacksonException is one too
            log.error("could not write the access log for {} {}", request.getMethod(), request.getRequestURI(), e);
        }
    }

    /** "csv", "json", "html", "pdf", "problem+json" …: the subtype of what was answered. */
    private static String format(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "none";
        }
        String type = contentType.split(";")[0].strip();
        return cut(type.substring(type.indexOf('/') + 1), 20);
    }

    private String filters(HttpServletRequest request) {
        Map<String, Object> parameters = new TreeMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(cut(name, 64),
                values.length == 1 ? cut(values[0], 200) : Arrays.stream(values).map(v -> cut(v, 200)).toList()));
        return parameters.isEmpty() ? null : cut(json.writeValueAsString(parameters), 4000);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
