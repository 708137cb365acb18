package org.opendisbursement.gateway.api;

import org.opendisbursement.gateway.system.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Finance checkers and auditors import statements and read reconciliations; only a checker resolves a flag. */
@Component
class ReconciliationAccessRules implements AccessRules {

    @Override
    public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.POST, "/api/reconciliations/*/results/*/resolve").hasRole(CHECKER)
                .requestMatchers(HttpMethod.POST, "/api/reconciliations").hasAnyRole(CHECKER, AUDITOR)
                .requestMatchers(HttpMethod.GET, "/api/reconciliations", "/api/reconciliations/**").hasAnyRole(CHECKER, AUDITOR);
    }
}
