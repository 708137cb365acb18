package org.opendisbursement.gateway.intake;

import java.util.regex.Pattern;

/**
 * Reads a wallet number as written in a list and gives its one canonical E.164 form ({@code +8801712345678}),
 * or says which rule it breaks. Bangladesh wallets (bKash, Nagad) accept {@code 01XXXXXXXXX}, {@code 8801…},
 * {@code +880…}, with spaces or dashes, and only the mobile prefixes 013–019; M-Pesa and MTN numbers must be
 * written in international form.
 */
final class WalletNumber {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-().]");
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]+");
    private static final Pattern BD_SUBSCRIBER = Pattern.compile("1[0-9]{9}");
    private static final Pattern KENYA_MOBILE = Pattern.compile("254[17][0-9]{8}");
    private static final Pattern INTERNATIONAL = Pattern.compile("[1-9][0-9]{7,14}");

    sealed interface Result permits Valid, Invalid {
    }

    record Valid(String e164) implements Result {
    }

    record Invalid(String rule, String message) implements Result {
    }

    private WalletNumber() {
    }

    static Result read(String raw, Channel channel) {
        String compact = SEPARATORS.matcher(raw).replaceAll("");
        if (!DIGITS.matcher(compact).matches()) {
            return new Invalid("format", "may hold only digits, an optional leading +, spaces and dashes");
        }
        return switch (channel) {
            case BKASH, NAGAD -> bangladesh(compact);
            case MPESA -> kenya(compact);
            case MTN -> international(compact);
            case CASH -> compact.startsWith("0") || compact.startsWith("880") || compact.startsWith("+880")
                    ? bangladesh(compact) : international(compact);
        };
    }

    private static Result bangladesh(String compact) {
        String subscriber;
        if (compact.startsWith("+880")) {
            subscriber = compact.substring(4);
        } else if (compact.startsWith("880")) {
            subscriber = compact.substring(3);
        } else if (compact.startsWith("0")) {
            subscriber = compact.substring(1);
        } else {
            return new Invalid("format", "must be a Bangladesh mobile number: 01XXXXXXXXX or +8801XXXXXXXXX");
        }
        if (!BD_SUBSCRIBER.matcher(subscriber).matches()) {
            return new Invalid("format", "must be a Bangladesh mobile number of 11 digits: 01XXXXXXXXX or +8801XXXXXXXXX");
        }
        char operator = subscriber.charAt(1);
        if (operator < '3') {
            return new Invalid("prefix", "prefix 01" + operator + " is not a mobile wallet prefix (013–019)");
        }
        return new Valid("+880" + subscriber);
    }

    private static Result kenya(String compact) {
        String digits = compact.startsWith("+") ? compact.substring(1) : compact;
        if (!KENYA_MOBILE.matcher(digits).matches()) {
            return new Invalid("format", "must be a Kenyan mobile number in international form: 2547XXXXXXXX or 2541XXXXXXXX");
        }
        return new Valid("+" + digits);
    }

    private static Result international(String compact) {
        String digits = compact.startsWith("+") ? compact.substring(1) : compact;
        if (!INTERNATIONAL.matcher(digits).matches()) {
            return new Invalid("format", "must be in international form: country code and number, 8–15 digits, no leading 0");
        }
        return new Valid("+" + digits);
    }
}
