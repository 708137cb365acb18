package org.opendisbursement.gateway.audit;

import org.opendisbursement.gateway.money.Money;

/** An amount as the API shows it: {@code {"minor": 750000, "currency": "BDT", "display": "BDT 7,500.00"}}. */
record Amount(long minor, String currency, String display) {

    /** Null when the entry carries no amount (or no currency to read it in). */
    static Amount of(Long minor, String currency) {
        if (minor == null || currency == null || currency.isBlank()) {
            return null;
        }
        return new Amount(minor, currency.strip(), Money.ofMinor(minor, currency.strip()).display());
    }

    /** Major units, plain: "7500.00". */
    String major() {
        return Money.ofMinor(minor, currency).toMajor().toPlainString();
    }
}
