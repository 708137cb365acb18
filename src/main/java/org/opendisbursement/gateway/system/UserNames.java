package org.opendisbursement.gateway.system;

import java.text.Normalizer;
import java.util.Locale;

/**
 * User names in the one canonical form every four-eyes comparison uses: Unicode NFKC (full-width letters, ligatures
 * and no-break spaces become their plain forms), then trimmed, then lower-cased (locale-independent). "Maker",
 * " maker " and "ｍａｋｅｒ" are one person here. It is used where two names must belong to <em>different</em> people
 * (an uploader and an approver, a proposer and an approver), where treating look-alikes as one person is the safe
 * mistake; where a name must be the <em>same</em> person (a field agent uploading only her own rows) exact equality
 * stays, for the same reason.
 */
public final class UserNames {

    private UserNames() {
    }

    /** The canonical form of {@code name}; the empty text for none. */
    public static String canonical(String name) {
        if (name == null) {
            return "";
        }
        return Normalizer.normalize(name, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /** Whether the two names are one person in canonical form (never for a missing name). */
    public static boolean samePerson(String a, String b) {
        String first = canonical(a);
        return !first.isEmpty() && first.equals(canonical(b));
    }
}
