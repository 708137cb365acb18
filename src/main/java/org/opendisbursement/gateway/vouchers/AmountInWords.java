package org.opendisbursement.gateway.vouchers;

import java.util.Map;
import java.util.Set;
import org.opendisbursement.gateway.money.Money;

/**
 * An amount written out in English words, as on a cheque: "Seven thousand five hundred taka only". South Asian
 * currencies count in lakh and crore ("One lakh twenty thousand taka only"), others in thousands and millions.
 */
final class AmountInWords {

    private record Units(String major, String minor) {
    }

    private static final Map<String, Units> UNITS = Map.ofEntries(
            Map.entry("BDT", new Units("taka", "paisa")), Map.entry("INR", new Units("rupees", "paise")),
            Map.entry("NPR", new Units("rupees", "paisa")), Map.entry("PKR", new Units("rupees", "paisa")),
            Map.entry("KES", new Units("shillings", "cents")), Map.entry("UGX", new Units("shillings", "cents")),
            Map.entry("TZS", new Units("shillings", "cents")), Map.entry("GHS", new Units("cedis", "pesewas")),
            Map.entry("ZMW", new Units("kwacha", "ngwee")), Map.entry("RWF", new Units("francs", "centimes")),
            Map.entry("XAF", new Units("francs", "centimes")), Map.entry("EUR", new Units("euros", "cents")),
            Map.entry("USD", new Units("dollars", "cents")));
    private static final Set<String> SOUTH_ASIAN = Set.of("BDT", "INR", "NPR", "PKR");
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety"};

    private AmountInWords() {
    }

    static String of(Money money) {
        String code = money.currencyCode();
        Units units = UNITS.getOrDefault(code, new Units(code, "hundredths"));
        int decimals = money.currency().getDefaultFractionDigits();
        long scale = (long) Math.pow(10, decimals);
        long major = money.minor() / scale;
        long minor = money.minor() % scale;
        boolean southAsian = SOUTH_ASIAN.contains(code);
        StringBuilder words = new StringBuilder(southAsian ? southAsian(major) : international(major))
                .append(' ').append(units.major());
        if (minor != 0) {
            words.append(" and ").append(southAsian ? southAsian(minor) : international(minor)).append(' ').append(units.minor());
        }
        words.append(" only");
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Crore (10⁷), lakh (10⁵), thousand, hundred. */
    static String southAsian(long n) {
        if (n == 0) {
            return ONES[0];
        }
        StringBuilder words = new StringBuilder();
        long crore = n / 10_000_000;
        if (crore > 0) {
            append(words, southAsian(crore) + " crore");
        }
        long rest = n % 10_000_000;
        append(words, part(rest / 100_000, "lakh"));
        append(words, part(rest / 1_000 % 100, "thousand"));
        append(words, belowThousand(rest % 1_000));
        return words.toString();
    }

    /** Thousand, million, billion … */
    static String international(long n) {
        if (n == 0) {
            return ONES[0];
        }
        String[] scales = {"", " thousand", " million", " billion", " trillion", " quadrillion", " quintillion"};
        String words = "";
        for (int group = 0; n > 0; group++, n /= 1000) {
            int chunk = (int) (n % 1000);
            if (chunk > 0) {
                words = belowThousand(chunk) + scales[group] + (words.isEmpty() ? "" : " " + words);
            }
        }
        return words;
    }

    private static String part(long n, String scale) {
        return n == 0 ? "" : belowHundred((int) n) + " " + scale;
    }

    private static String belowThousand(long n) {
        if (n == 0) {
            return "";
        }
        int hundreds = (int) (n / 100);
        int rest = (int) (n % 100);
        String words = hundreds > 0 ? ONES[hundreds] + " hundred" : "";
        if (rest > 0) {
            words = words.isEmpty() ? belowHundred(rest) : words + " " + belowHundred(rest);
        }
        return words;
    }

    private static String belowHundred(int n) {
        if (n < 20) {
            return ONES[n];
        }
        return TENS[n / 10] + (n % 10 == 0 ? "" : "-" + ONES[n % 10]);
    }

    private static void append(StringBuilder words, String part) {
        if (!part.isEmpty()) {
            if (!words.isEmpty()) {
                words.append(' ');
            }
            words.append(part);
        }
    }
}
