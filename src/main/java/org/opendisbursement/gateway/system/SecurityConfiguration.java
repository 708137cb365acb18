package org.opendisbursement.gateway.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic over the API with four roles: FINANCE_MAKER uploads (and confirms inbox lists), FINANCE_CHECKER approves,
 * rejects and releases, either proposes changes of money that a checker approves, OPS watches and steers providers,
 * AUDITOR reads. Four eyes itself (the uploader or proposer never approves) is checked where the approval happens. The demo users exist only in the embedded default and the {@code demo} profile
 * ({@code application-demo.yml}); {@link StartupSafety} refuses them, {@code {noop}} passwords and an empty user list
 * under {@code prod} and on a real database.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String MAKER = AccessRules.MAKER;
    static final String CHECKER = AccessRules.CHECKER;
    static final String OPS = AccessRules.OPS;
    static final String AUDITOR = AccessRules.AUDITOR;

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
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
    SecurityFilterChain api(HttpSecurity http, ObjectProvider<AccessRules> featureRules) throws Exception {
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
                .httpBasic(basic -> basic.realmName("disbursement-gateway"))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, denied) -> {
                    response.setStatus(HttpStatus.FORBIDDEN.value());
                    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    response.getWriter().write("{\"status\":403,\"title\":\"Forbidden\",\"detail\":\"your role may not "
                            + request.getMethod() + " " + request.getRequestURI().replace("\"", "") + "\"}");
                }));
        return http.build();
    }
}
