package org.opendisbursement.gateway.providers.nagad;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway keeps of a Nagad payout in the installment's provider transaction id, so that it can ask Nagad
 * about it later: the status query needs the payout's own {@code requestDateTime} and its {@code rechargeId}, and
 * neither can be recomputed (the request time is the moment of sending; the rechargeId is Nagad's). Written as
 * {@code <issuerTxnId>;rc=<rechargeId>;rdt=<yyyyMMddHHmmss>}: the issuer's transaction id first, since that is most
 * likely what the beneficiary's SMS and the merchant statement show (unconfirmed), the rechargeId next to it so
 * both can be searched. {@code -} stands for an issuerTxnId Nagad did not give. At most 100 characters (the
 * column's size): a longer issuerTxnId is left out rather than the parts the query needs.
 */
record NagadTransaction(String issuerTxnId, String rechargeId, String requestDateTime) {

    private static final Pattern FORM = Pattern.compile("(.*);rc=(.+);rdt=(\\d{14})");
    private static final int MAX_LENGTH = 100;

    /** The text stored as the provider transaction id. */
    String encoded() {
        String issuer = issuerTxnId == null || issuerTxnId.isBlank() ? "-" : issuerTxnId.strip();
        String full = issuer + ";rc=" + rechargeId + ";rdt=" + requestDateTime;
        return full.length() <= MAX_LENGTH ? full : "-;rc=" + rechargeId + ";rdt=" + requestDateTime;
    }

    /** The stored text read back; null when there is none or it is not of this form (then Nagad cannot be asked). */
    static NagadTransaction parse(String providerTransactionId) {
        if (providerTransactionId == null) {
            return null;
        }
        Matcher matcher = FORM.matcher(providerTransactionId.strip());
        if (!matcher.matches()) {
            return null;
        }
        String issuer = matcher.group(1);
        return new NagadTransaction(issuer.isEmpty() || issuer.equals("-") ? null : issuer, matcher.group(2),
                matcher.group(3));
    }
}
