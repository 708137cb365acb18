package org.opendisbursement.gateway.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API has no CSRF tokens (it is HTTP Basic, for programs), so a write sent by a browser on behalf of another site
 * is refused here, before any credentials are looked at: a POST, PUT, PATCH or DELETE whose {@code Sec-Fetch-Site}
 * says {@code cross-site}, or whose {@code Origin} is present and is not the gateway's own (scheme, host and port of
 * the request, as the proxy's forwarded headers tell them). Programs send neither header and are not affected; reads
 * are left alone (they change nothing, and without CORS another site cannot read the answer). Provider callbacks
 * ({@code /callbacks/**}) have their own chain and guard and never pass here.
 */
final class CrossSiteWrites extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CrossSiteWrites.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = WRITES.contains(request.getMethod().toUpperCase(Locale.ROOT)) ? refusal(request) : null;
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("refused a cross-site {} {} from {}: {}", request.getMethod(), request.getRequestURI(),
                request.getRemoteAddr(), refusal);
        byte[] body = ("{\"status\":403,\"title\":\"Cross-site request refused\",\"detail\":\"" + refusal + "; the API "
                + "takes writes only from programs (HTTP Basic, no Origin header) or from its own pages\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/problem+json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Why this write looks sent by another site, or null. */
    static String refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && site.strip().equalsIgnoreCase("cross-site")) {
            return "the browser says it was sent by another site (Sec-Fetch-Site: cross-site)";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin.strip(), request)) {
            return "it comes from a page of another origin (Origin is not this gateway's)";
        }
        return null;
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false;  // "null" (a sandboxed or file page) and anything else that is no origin
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port(scheme, uri.getPort()) == port(scheme, request.getServerPort());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(String scheme, int port) {
        return port > 0 ? port : scheme.equals("https") ? 443 : 80;
    }
}
