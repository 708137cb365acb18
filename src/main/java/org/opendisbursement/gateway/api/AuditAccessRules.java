package org.opendisbursement.gateway.api;

import org.opendisbursement.gateway.system.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may read the audit endpoints: list totals the auditor and the finance team; the ledger, its export, its
 * verification, chain heads and anchor file, a beneficiary's trail and the access log only the auditor. All are GET: nobody
 * changes anything here.
 */
@Component
class AuditAccessRules implements AccessRules {

    @Override
    public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/api/ledger/lists/*/totals").hasAnyRole(AUDITOR, MAKER, CHECKER)
                .requestMatchers(HttpMethod.GET, "/api/ledger", "/api/ledger/verify", "/api/ledger/heads",
                        "/api/ledger/anchors",
                        "/api/beneficiaries/*/trail", "/api/access-log").hasRole(AUDITOR);
    }
}
