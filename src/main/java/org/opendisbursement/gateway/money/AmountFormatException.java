package org.opendisbursement.gateway.money;

/** An amount that cannot be read; {@link #rule()} is the short name of the rule it breaks. */
public class AmountFormatException extends IllegalArgumentException {

    private final String rule;

    public AmountFormatException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
