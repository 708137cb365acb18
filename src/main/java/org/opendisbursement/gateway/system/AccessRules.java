package org.opendisbursement.gateway.system;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call which API path, contributed by the web layer next to each group of controllers ({@code api}: the
 * auditor's, reconciliations, reports, vouchers …). Every bean of this type is applied to the API security chain; a
 * path no rule names is denied.
 */
@FunctionalInterface
public interface AccessRules {

    String MAKER = "FINANCE_MAKER";
    String CHECKER = "FINANCE_CHECKER";
    String OPS = "OPS";
    String AUDITOR = "AUDITOR";
    String FIELD_AGENT = "FIELD_AGENT";

    void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
