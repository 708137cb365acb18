package org.opendisbursement.gateway.system;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * HTTP Basic over the API with four roles: FINANCE_MAKER uploads (and confirms inbox lists), FINANCE_CHECKER approves,
 * rejects and releases, either proposes changes of money that a checker approves, OPS watches and steers providers,
 * AUDITOR reads. Four eyes itself (the uploader or proposer never approves) is checked where the approval happens. The demo users exist only in the embedded default and the {@code demo} profile
 * ({@code application-demo.yml}); {@link StartupSafety} refuses them, {@code {noop}} passwords and an empty user list
 * under {@code prod} and on a real database. Every password goes through the {@link LoginThrottle} first: too many
 * wrong ones lock the user name or the client address out for a while (429 with {@code Retry-After} here). The API
 * has no CSRF tokens: a write that a browser sends on behalf of another site is refused ({@link CrossSiteWrites}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String MAKER = AccessRules.MAKER;
    static final String CHECKER = AccessRules.CHECKER;
    static final String OPS = AccessRules.OPS;
    static final String AUDITOR = AccessRules.AUDITOR;
    private static final String REALM = "disbursement-gateway";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * How every password is checked, by both chains: the {@link LoginThrottle} first, then the users below. The one
     * {@code AuthenticationProvider} bean, so Spring Security builds no other from the {@code UserDetailsService}.
     */
    @Bean
    AuthenticationProvider passwordSignIn(UserDetailsService users, PasswordEncoder passwords, LoginThrottle throttle) {
        var store = new DaoAuthenticationProvider(users);
        store.setPasswordEncoder(passwords);
        return new ThrottledAuthentication(store, throttle);
    }

    @Bean
    UserDetailsService users(GatewayUsers configured) {
        var manager = new InMemoryUserDetailsManager();
        for (GatewayUsers.User user : configured.users()) {
            manager.createUser(User.withUsername(user.username()).password(user.password())
                    .roles(user.roles().toArray(String[]::new)).build());
        }
        return manager;
    }

    /**
     * Provider callbacks carry no user: each callback endpoint checks its provider's secret and address allow-list
     * itself ({@code CallbackGuard}).
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain callbacks(HttpSecurity http) throws Exception {
        http.securityMatcher("/callbacks/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain api(HttpSecurity http, ObjectProvider<AccessRules> featureRules, Clock clock) throws Exception {
        http.securityMatcher("/api/**", "/actuator/**")
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
                            .requestMatchers("/actuator/**").hasRole(OPS)
                            .requestMatchers(HttpMethod.POST, "/api/payment-lists", "/api/payment-lists/*/confirm").hasRole(MAKER)
                            .requestMatchers(HttpMethod.POST, "/api/payment-lists/*/approve", "/api/payment-lists/*/reject",
                                    "/api/payment-lists/*/installments/*/release", "/api/installments/*/settle").hasRole(CHECKER)
                            // proposals: one finance user proposes, another (a checker) approves (api.ProposalController)
                            .requestMatchers(HttpMethod.POST, "/api/payment-lists/*/retry-failed",
                                    "/api/installments/*/switch-to-cash").hasAnyRole(MAKER, CHECKER)
                            .requestMatchers(HttpMethod.POST, "/api/providers/*/pause", "/api/providers/*/resume").hasRole(OPS)
                            .requestMatchers(HttpMethod.GET, "/api/providers").hasAnyRole(OPS, CHECKER, AUDITOR);
                    featureRules.orderedStream().forEach(rules -> rules.apply(auth));
                    auth.requestMatchers(HttpMethod.GET, "/api/payment-lists", "/api/payment-lists/**")
                                    .hasAnyRole(MAKER, CHECKER, AUDITOR, OPS)
                            .anyRequest().denyAll();
                })
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(lockedOutOrBasic(clock)))
                // no CSRF tokens for programs; a browser's write on behalf of another site is refused instead
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(new CrossSiteWrites(), BasicAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, denied) -> {
                    response.setStatus(HttpStatus.FORBIDDEN.value());
                    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    response.getWriter().write("{\"status\":403,\"title\":\"Forbidden\",\"detail\":\"your role may not "
                            + request.getMethod() + " " + request.getRequestURI().replace("\"", "") + "\"}");
                }));
        return http.build();
    }

    /** 429 with {@code Retry-After} while a user name or address is locked out; otherwise Basic's 401 challenge. */
    private static AuthenticationEntryPoint lockedOutOrBasic(Clock clock) {
        var basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName(REALM);
        return (request, response, failure) -> {
            if (failure instanceof LoginLockedOutException locked) {
                long seconds = locked.retryAfterSeconds(clock.instant());
                response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.getWriter().write("{\"status\":429,\"title\":\"Too many failed sign-ins\",\"detail\":\"too "
                        + "many wrong passwords for this user or from this address: signing in is locked for "
                        + seconds + " seconds\"}");
            } else {
                basic.commence(request, response, failure);
            }
        };
    }
}
