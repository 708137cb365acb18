package org.opendisbursement.gateway.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The people who may use the gateway, under {@code disbursement.security.users}: a name, a password hash
 * ({@code {bcrypt}$2a$…}) and roles among FINANCE_MAKER, FINANCE_CHECKER, OPS and AUDITOR.
 */
@ConfigurationProperties("disbursement.security")
public record GatewayUsers(List<User> users) {

    public GatewayUsers {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(String username, String password, List<String> roles) {

        @Override
        public String toString() {
            return "User[" + username + ", roles=" + roles + "]";
        }
    }
}
