package org.opendisbursement.gateway.api;

import org.opendisbursement.gateway.system.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may do what with proposed changes of money: finance staff and auditors read them; finance checkers approve
 * or reject them (the proposer never approves her own: the service refuses it). Who may propose is the rule of the
 * endpoint of each change: finance makers and checkers.
 */
@Component
class ProposalAccessRules implements AccessRules {

    @Override
    public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/api/proposals", "/api/proposals/*").hasAnyRole(MAKER, CHECKER, AUDITOR)
                .requestMatchers(HttpMethod.POST, "/api/proposals/*/approve", "/api/proposals/*/reject").hasRole(CHECKER);
    }
}
