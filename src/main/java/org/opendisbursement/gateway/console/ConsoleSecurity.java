package org.opendisbursement.gateway.console;

import static org.opendisbursement.gateway.system.AccessRules.AUDITOR;
import static org.opendisbursement.gateway.system.AccessRules.CHECKER;
import static org.opendisbursement.gateway.system.AccessRules.MAKER;
import static org.opendisbursement.gateway.system.AccessRules.OPS;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.opendisbursement.gateway.system.LoginLockedOutException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * The web console's own filter chain: the same users and roles as the API, but signed in once through the form at
 * {@code /login} and kept in a session, with CSRF tokens on every form. It matches only the console's paths, so the
 * callback chain (1) and the stateless Basic API chain (2) stay exactly as they are. What a role may open or press is
 * named here; the services refuse anything else once more (four eyes, states).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    /** Every path the console serves; nothing under /api, /actuator or /callbacks. */
    static final String[] PATHS = {"/", "/login", "/logout", "/denied", "/lists", "/lists/**", "/proposals",
            "/proposals/**", "/ops", "/ops/**", "/audit", "/audit/**", "/console/**"};

    /** A distribution point's voucher sheet: printed by POST (it makes or voids codes), its register by GET. */
    private static final String VOUCHER_SHEETS = "/lists/*/installments/*/vouchers.pdf";

    /** Stylesheets, scripts and pictures of the console, readable before signing in. */
    private static final String ASSETS = "/console/**";

    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /** A year: browsers that once reached the console over https never try plain http again. */
    static final long HSTS_SECONDS = 365L * 24 * 60 * 60;

    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http, ConsoleZone zones, Clock clock) throws Exception {
        var signedIn = new RememberZone(zones);
        signedIn.setDefaultTargetUrl("/");
        http.securityMatcher(PATHS)
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", ASSETS).permitAll()
                        .requestMatchers("/lists/upload").hasRole(MAKER)
                        .requestMatchers(HttpMethod.POST, "/lists/*/confirm").hasRole(MAKER)
                        .requestMatchers(HttpMethod.POST, "/lists/*/approve", "/lists/*/reject",
                                "/lists/*/installments/*/release", "/proposals/*/approve", "/proposals/*/reject")
                                .hasRole(CHECKER)
                        .requestMatchers(HttpMethod.POST, "/lists/*/retry-failed", "/lists/*/payouts/*/switch-to-cash")
                                .hasAnyRole(MAKER, CHECKER)
                        .requestMatchers(HttpMethod.GET, "/proposals").hasAnyRole(MAKER, CHECKER, AUDITOR)
                        .requestMatchers(HttpMethod.POST, VOUCHER_SHEETS).hasAnyRole(MAKER, CHECKER)
                        .requestMatchers(HttpMethod.GET, VOUCHER_SHEETS).hasAnyRole(MAKER, CHECKER, AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/lists", "/lists/**").hasAnyRole(MAKER, CHECKER, AUDITOR, OPS)
                        .requestMatchers(HttpMethod.POST, "/ops/providers/*/pause", "/ops/providers/*/resume").hasRole(OPS)
                        .requestMatchers(HttpMethod.GET, "/ops", "/ops/**").hasAnyRole(OPS, CHECKER, AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/audit", "/audit/**").hasRole(AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/", "/denied").authenticated()
                        .anyRequest().denyAll())
                .formLogin(form -> form.loginPage("/login").successHandler(signedIn).failureHandler(lockedOutOrWrong(clock)))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .exceptionHandling(errors -> errors.accessDeniedPage("/denied"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(POLICY))
                        // on requests that came over https only (server.ssl, or a proxy's X-Forwarded-Proto)
                        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(HSTS_SECONDS).includeSubDomains(true)));
        return http.build();
    }

    /**
     * A wrong password goes back to the form saying so; a lockout ({@code LoginThrottle}) says for how many minutes
     * signing in is refused.
     */
    private static AuthenticationFailureHandler lockedOutOrWrong(Clock clock) {
        return (request, response, failure) -> {
            String query = failure instanceof LoginLockedOutException locked
                    ? "locked=" + Math.max(1, (locked.retryAfterSeconds(clock.instant()) + 59) / 60) : "error";
            response.sendRedirect(request.getContextPath() + "/login?" + query);
        };
    }

    /** After signing in: keeps the browser's time zone (posted by the login form) in the session, then goes on. */
    private static final class RememberZone extends SavedRequestAwareAuthenticationSuccessHandler {

        private final ConsoleZone zones;

        RememberZone(ConsoleZone zones) {
            this.zones = zones;
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                            Authentication authentication) throws ServletException, IOException {
            zones.remember(request, request.getParameter("timeZone"));
            super.onAuthenticationSuccess(request, response, authentication);
        }
    }
}
