package org.opendisbursement.gateway.console;

import java.util.Set;
import java.util.stream.Collectors;
import org.opendisbursement.gateway.system.AccessRules;
import org.opendisbursement.gateway.system.UserNames;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Who is looking at a console page, and so which parts of it (links, buttons) are shown. */
record Viewer(String name, Set<String> roles) {

    static Viewer of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated() || authentication.getName() == null
                || "anonymousUser".equals(authentication.getName())) {
            return new Viewer(null, Set.of());
        }
        return new Viewer(authentication.getName(), authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether {@code user} is the person signed in (names compared in canonical form, as four eyes compares them). */
    public boolean is(String user) {
        return UserNames.samePerson(name, user);
    }

    public boolean signedIn() {
        return name != null;
    }

    public boolean maker() {
        return roles.contains(AccessRules.MAKER);
    }

    public boolean checker() {
        return roles.contains(AccessRules.CHECKER);
    }

    public boolean ops() {
        return roles.contains(AccessRules.OPS);
    }

    public boolean auditor() {
        return roles.contains(AccessRules.AUDITOR);
    }

    /** May open the lists pages. */
    public boolean seesLists() {
        return maker() || checker() || auditor() || ops();
    }

    /** May open the proposed changes of money. */
    public boolean seesProposals() {
        return maker() || checker() || auditor();
    }

    /** May open the providers page. */
    public boolean seesOps() {
        return ops() || checker() || auditor();
    }

    public String roleNames() {
        return roles.stream().sorted().map(r -> r.toLowerCase().replace('_', ' ')).collect(Collectors.joining(", "));
    }
}
