package org.opendisbursement.gateway.api;

import org.opendisbursement.gateway.system.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may do what with vouchers: finance staff print sheets (POST) and read vouchers; an auditor reads them and the
 * register copy without codes (GET); field agents redeem; field agents and finance checkers upload offline
 * redemptions; finance makers and checkers propose a cancel or a reissue (a checker approves it; a checker reissues
 * at the same point at once).
 */
@Component
class VoucherAccessRules implements AccessRules {

    @Override
    public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/api/payment-lists/*/installments/*/vouchers.pdf", "/api/payment-lists/*/vouchers")
                .hasAnyRole(MAKER, CHECKER, AUDITOR)
                .requestMatchers(HttpMethod.POST, "/api/payment-lists/*/installments/*/vouchers.pdf").hasAnyRole(MAKER, CHECKER)
                .requestMatchers(HttpMethod.POST, "/api/vouchers/redeem").hasRole(FIELD_AGENT)
                .requestMatchers(HttpMethod.POST, "/api/vouchers/redeem-bulk").hasAnyRole(FIELD_AGENT, CHECKER)
                .requestMatchers(HttpMethod.POST, "/api/vouchers/*/cancel", "/api/vouchers/*/reissue").hasAnyRole(MAKER, CHECKER);
    }
}
