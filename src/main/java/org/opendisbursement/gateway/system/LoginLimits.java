package org.opendisbursement.gateway.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in throttling, under {@code disbursement.security.login}: {@code max-failures} wrong passwords for one user
 * name, or {@code max-failures-per-address} from one client address, within {@code window} lock that name or address
 * out for {@code lockout} (HTTP Basic and the console's form alike).
 */
@ConfigurationProperties("disbursement.security.login")
public record LoginLimits(@DefaultValue("5") int maxFailures, @DefaultValue("20") int maxFailuresPerAddress,
                          @DefaultValue("PT15M") Duration window, @DefaultValue("PT15M") Duration lockout) {

    public LoginLimits {
        if (maxFailures < 1 || maxFailuresPerAddress < 1) {
            throw new IllegalArgumentException("disbursement.security.login: max-failures and max-failures-per-address "
                    + "must be at least 1");
        }
        if (window.isNegative() || window.isZero() || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("disbursement.security.login: window and lockout must be positive");
        }
    }
}
