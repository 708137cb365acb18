package org.opendisbursement.gateway.api;

import org.opendisbursement.gateway.system.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Donor reports are read by the finance team, auditors and ops. */
@Component
class ReportAccessRules implements AccessRules {

    @Override
    public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/api/reports/**").hasAnyRole(MAKER, CHECKER, AUDITOR, OPS);
    }
}
