package org.opendisbursement.gateway.money;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * An amount of money: whole minor units (paisa, cents) of one ISO 4217 currency, never a floating-point number.
 * Each currency keeps its own number of decimals (BDT 2, UGX 0, BHD 3).
 */
public record Money(long minor, Currency currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException(currency + " is not a currency that pays in minor units");
        }
    }

    public static Money ofMinor(long minor, String currencyCode) {
        return new Money(minor, Currency.getInstance(currencyCode));
    }

    /**
     * Reads an amount written in major units ("7500", "7500.5", "2500.00") in the given currency.
     *
     * @throws AmountFormatException naming the rule the text breaks
     */
    public static Money parseMajor(String text, Currency currency) {
        int decimals = currency.getDefaultFractionDigits();
        if (text == null || !text.matches("-?[0-9]+(\\.[0-9]+)?")) {
            throw new AmountFormatException("format", "must be a plain number such as 2500 or 2500.50 (no thousands separators)");
        }
        BigDecimal value = new BigDecimal(text);
        if (value.stripTrailingZeros().scale() > decimals) {
            throw new AmountFormatException("decimals", currency.getCurrencyCode() + " has " + decimals
                    + (decimals == 1 ? " decimal" : " decimals") + "; " + text + " has more");
        }
        try {
            return new Money(value.movePointRight(decimals).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new AmountFormatException("range", "is too large");
        }
    }

    /** Reads "BDT 25000" or "KES 250000.00". */
    public static Money parse(String currencyAndAmount) {
        String[] parts = currencyAndAmount.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected '<ISO 4217 code> <amount>', got '" + currencyAndAmount + "'");
        }
        return parseMajor(parts[1], Currency.getInstance(parts[0]));
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(minor, factor), currency);
    }

    public boolean isGreaterThan(Money other) {
        requireSameCurrency(other);
        return minor > other.minor;
    }

    public BigDecimal toMajor() {
        return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits());
    }

    /**
     * The amount as providers write it: major units with exactly the currency's decimals, no separators, no code
     * ({@code 250000} paisa → {@code "2500.00"}; UGX 5000 → {@code "5000"}).
     */
    public String plainMajor() {
        return toMajor().toPlainString();
    }

    /** "BDT 7,500.00": the code, thousands separators and exactly the currency's decimals. */
    public String display() {
        int decimals = currency.getDefaultFractionDigits();
        DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return currencyCode() + " " + format.format(toMajor());
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot compare " + currencyCode() + " with " + other.currencyCode());
        }
    }

    @Override
    public String toString() {
        return display();
    }
}
