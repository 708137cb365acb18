package org.opendisbursement.gateway.intake;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/** The fields that come with a list rather than in it: the programme, currency and installment calendar. */
public record ListFields(String programme, Currency currency, LocalDate firstDueDate, Period interval,
                         String approvalReference) {

    static final String PROGRAMME_RULE = "1–32 of A–Z, 0–9, '-' and '_'";

    /**
     * Reads the list fields from their text form ({@code programme}, {@code currency} defaulting to BDT,
     * {@code firstDueDate} yyyy-MM-dd, {@code interval} an ISO-8601 period, optional {@code approvalReference}).
     *
     * @throws InvalidListFieldsException naming every wrong field
     */
    public static ListFields parse(Map<String, String> raw) {
        List<ValidationError> errors = new ArrayList<>();
        String programme = trimmed(raw.get("programme"));
        if (programme == null) {
            errors.add(error("programme", "required", "is required", null));
        } else if (!programme.matches("[A-Za-z0-9_-]{1,32}")) {
            errors.add(error("programme", "format", "must be " + PROGRAMME_RULE, programme));
        }
        Currency currency = null;
        String currencyText = trimmed(raw.get("currency"));
        try {
            currency = Currency.getInstance(currencyText == null ? "BDT" : currencyText.toUpperCase());
            if (currency.getDefaultFractionDigits() < 0) {
                errors.add(error("currency", "format", "is not a currency with minor units", currencyText));
            }
        } catch (IllegalArgumentException e) {
            errors.add(error("currency", "format", "must be an ISO 4217 code such as BDT", currencyText));
        }
        LocalDate firstDue = null;
        String dueText = trimmed(raw.get("firstDueDate"));
        if (dueText == null) {
            errors.add(error("firstDueDate", "required", "is required (yyyy-MM-dd)", null));
        } else {
            try {
                firstDue = LocalDate.parse(dueText);
            } catch (DateTimeParseException e) {
                errors.add(error("firstDueDate", "format", "must be a date written yyyy-MM-dd", dueText));
            }
        }
        Period interval = null;
        String intervalText = trimmed(raw.get("interval"));
        if (intervalText == null) {
            errors.add(error("interval", "required", "is required (an ISO-8601 period such as P30D or P1M)", null));
        } else {
            try {
                interval = Period.parse(intervalText);
                if (interval.isNegative() || interval.isZero()) {
                    errors.add(error("interval", "range", "must be a positive period such as P30D or P1M", intervalText));
                }
            } catch (DateTimeParseException e) {
                errors.add(error("interval", "format", "must be an ISO-8601 period such as P30D or P1M", intervalText));
            }
        }
        String approvalReference = trimmed(raw.get("approvalReference"));
        if (approvalReference != null && approvalReference.length() > 100) {
            errors.add(error("approvalReference", "length", "must be at most 100 characters", approvalReference));
        }
        if (!errors.isEmpty()) {
            throw new InvalidListFieldsException(errors);
        }
        return new ListFields(programme.toUpperCase(), currency, firstDue, interval, approvalReference);
    }

    /** Due date of installment {@code number} (1-based): the first due date plus (number − 1) intervals. */
    public LocalDate dueDateOf(int number) {
        return firstDueDate.plus(interval.multipliedBy(number - 1));
    }

    private static ValidationError error(String field, String rule, String message, String value) {
        return ValidationError.of(0, field, rule, field + " " + message, value);
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
