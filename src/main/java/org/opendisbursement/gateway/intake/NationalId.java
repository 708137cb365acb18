package org.opendisbursement.gateway.intake;

import java.time.Year;
import java.util.Optional;

/**
 * Bangladesh national ID numbers: 10 digits (smart card), 13 digits (older card) or 17 digits (older card with the
 * birth year in front). Returns the rule broken, if any.
 */
final class NationalId {

    private NationalId() {
    }

    static Optional<String> problemWith(String value, Year thisYear) {
        if (!value.matches("[0-9]+")) {
            return Optional.of("must hold digits only");
        }
        int length = value.length();
        if (length != 10 && length != 13 && length != 17) {
            return Optional.of("must have 10, 13 or 17 digits, not " + length);
        }
        if (length == 17) {
            int birthYear = Integer.parseInt(value.substring(0, 4));
            if (birthYear < 1900 || birthYear > thisYear.getValue()) {
                return Optional.of("a 17-digit national ID starts with the holder's birth year; " + birthYear + " is not one");
            }
        }
        return Optional.empty();
    }
}
