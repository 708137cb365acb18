package org.opendisbursement.gateway.money;

/**
 * An amount as every JSON answer of the gateway shows it:
 * {@code {"minor": 750000, "currency": "BDT", "display": "BDT 7,500.00"}} ({@code display} is {@link Money#display}).
 */
public record Amount(long minor, String currency, String display) {

    public static Amount of(Money money) {
        return new Amount(money.minor(), money.currencyCode(), money.display());
    }

    public static Amount of(long minor, String currency) {
        return of(Money.ofMinor(minor, currency.strip()));
    }

    /** Null when there is no amount, or no currency to read it in (a ledger entry without money). */
    public static Amount ofNullable(Long minor, String currency) {
        return minor == null || currency == null || currency.isBlank() ? null : of(minor, currency);
    }

    /** Major units, plain, as CSV exports write amounts: "7500.00" ({@link Money#plainMajor}). */
    public String major() {
        return Money.ofMinor(minor, currency).plainMajor();
    }
}
