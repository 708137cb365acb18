package org.opendisbursement.gateway.intake;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.opendisbursement.gateway.money.AmountFormatException;
import org.opendisbursement.gateway.money.Money;
import org.opendisbursement.gateway.system.Mask;

/**
 * Checks one row of a payment list against every rule that needs only the row itself, and reports all it finds.
 * Rules that compare rows (repeated wallets, national IDs, beneficiary ids) run in the database afterwards.
 */
final class RowValidator {

    sealed interface Check permits Accepted, Refused {
    }

    record Accepted(BeneficiaryRow row) implements Check {
    }

    record Refused(List<ValidationError> errors) implements Check {
    }

    private static final Pattern BENEFICIARY_ID = Pattern.compile("[\\p{L}\\p{Nd}\\-_/.]{1,64}");
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");
    /** What the strict-enough decoder puts where a byte sequence is not UTF-8. */
    private static final char NOT_UTF8 = '\uFFFD';
    private static final Pattern INTEGER = Pattern.compile("[0-9]{1,3}");

    private final ListFields fields;
    private final PayoutLimits limits;
    private final PayableUnits units;
    private final Year thisYear;
    private final int expectedCells;

    RowValidator(ListFields fields, PayoutLimits limits, PayableUnits units, Year thisYear, int expectedCells) {
        this.fields = fields;
        this.limits = limits;
        this.units = units;
        this.thisYear = thisYear;
        this.expectedCells = expectedCells;
    }

    Check check(PaymentListCsv.Row row) {
        int r = row.number();
        if (row.cellCount() != expectedCells) {
            return new Refused(List.of(ValidationError.of(r, null, "cell-count",
                    "row has " + row.cellCount() + " cells but the header names " + expectedCells
                            + " columns (is a comma missing, or an unquoted comma inside a value?)", null)));
        }
        List<ValidationError> errors = new ArrayList<>();
        row.cells().forEach((column, value) -> {
            if (value != null && value.indexOf(NOT_UTF8) >= 0) {
                errors.add(error(r, column, "encoding", "is not UTF-8 text: save the file as \"CSV UTF-8\"",
                        column.masked() ? null : value));
            }
        });
        if (!errors.isEmpty()) {
            return new Refused(errors);
        }

        String beneficiaryId = text(row, Column.BENEFICIARY_ID);
        if (beneficiaryId == null) {
            errors.add(required(r, Column.BENEFICIARY_ID));
        } else if (!BENEFICIARY_ID.matcher(beneficiaryId).matches()) {
            errors.add(error(r, Column.BENEFICIARY_ID, "format",
                    "must be 1–64 letters, digits, '-', '_', '/' or '.'", beneficiaryId));
        }

        String fullName = oneLine(row, Column.FULL_NAME);
        if (fullName == null) {
            errors.add(required(r, Column.FULL_NAME));
        } else if (fullName.codePointCount(0, fullName.length()) > 200) {
            errors.add(error(r, Column.FULL_NAME, "length", "must be at most 200 characters", fullName.substring(0, 40) + "…"));
        } else if (CONTROL.matcher(fullName).find()) {
            errors.add(error(r, Column.FULL_NAME, "format", "must not contain control characters", fullName));
        }

        String nationalId = text(row, Column.NATIONAL_ID);
        if (nationalId != null) {
            nationalId = nationalId.replaceAll("[\\s-]", "");
            Optional<String> problem = NationalId.problemWith(nationalId, thisYear);
            if (problem.isPresent()) {
                String hint = nationalId.matches("[0-9.]+[eE][+]?[0-9]+") ? " (a spreadsheet turned it into a number: format the column as text)" : "";
                errors.add(error(r, Column.NATIONAL_ID, "format", problem.get() + hint, Mask.identifier(nationalId)));
                nationalId = null;
            }
        }

        Channel channel = null;
        String channelText = text(row, Column.CHANNEL);
        if (channelText == null) {
            errors.add(required(r, Column.CHANNEL));
        } else {
            channel = Channel.parse(channelText).orElse(null);
            if (channel == null) {
                errors.add(error(r, Column.CHANNEL, "one-of", "must be one of BKASH, NAGAD, MPESA, MTN, CASH", channelText));
            }
        }

        String wallet = text(row, Column.WALLET_NUMBER);
        if (channel != null) {
            if (wallet == null && channel.paysIntoWallet()) {
                errors.add(error(r, Column.WALLET_NUMBER, "required", "is required for " + channel + " (only CASH may leave it empty)", null));
            } else if (wallet != null) {
                WalletNumber.Result read = WalletNumber.read(wallet, channel);
                if (read instanceof WalletNumber.Valid valid) {
                    wallet = valid.e164();
                } else if (read instanceof WalletNumber.Invalid invalid) {
                    errors.add(error(r, Column.WALLET_NUMBER, invalid.rule(), invalid.message(), Mask.identifier(wallet)));
                    wallet = null;
                }
            }
        }

        Integer installments = null;
        String installmentsText = text(row, Column.INSTALLMENTS);
        if (installmentsText == null) {
            errors.add(required(r, Column.INSTALLMENTS));
        } else if (!INTEGER.matcher(installmentsText).matches()
                || Integer.parseInt(installmentsText) < 1 || Integer.parseInt(installmentsText) > 12) {
            errors.add(error(r, Column.INSTALLMENTS, "range", "must be a whole number from 1 to 12", installmentsText));
        } else {
            installments = Integer.parseInt(installmentsText);
        }

        Long amountMinor = amount(row, channel, installments, errors);

        String location = oneLine(row, Column.LOCATION);
        if (location == null && channel == Channel.CASH) {
            errors.add(error(r, Column.LOCATION, "required", "is required for CASH: it is the distribution point (ward or union)", null));
        } else if (location != null && location.length() > 100) {
            errors.add(error(r, Column.LOCATION, "length", "must be at most 100 characters", location));
        }

        String category = oneLine(row, Column.CATEGORY);
        if (category != null && category.length() > 50) {
            errors.add(error(r, Column.CATEGORY, "length", "must be at most 50 characters", category));
        }

        if (!errors.isEmpty()) {
            return new Refused(errors);
        }
        return new Accepted(new BeneficiaryRow(r, beneficiaryId, fullName, nationalId, channel, wallet,
                amountMinor, installments, location, category));
    }

    private Long amount(PaymentListCsv.Row row, Channel channel, Integer installments, List<ValidationError> errors) {
        int r = row.number();
        String text = text(row, Column.AMOUNT);
        if (text == null) {
            errors.add(required(r, Column.AMOUNT));
            return null;
        }
        Money amount;
        try {
            amount = Money.parseMajor(text, fields.currency());
        } catch (AmountFormatException e) {
            errors.add(error(r, Column.AMOUNT, e.rule(), e.getMessage(), text));
            return null;
        }
        if (amount.minor() <= 0) {
            errors.add(error(r, Column.AMOUNT, "positive", "must be greater than zero", text));
            return null;
        }
        if (channel == null) {
            if (installments != null && amount.minor() < installments) {
                errors.add(error(r, Column.AMOUNT, "split", "is too small to split into " + installments + " installments", text));
                return null;
            }
            return amount.minor();
        }
        Optional<Money> limit = limits.limitFor(channel, fields.currency());
        if (limit.isEmpty()) {
            errors.add(error(r, Column.CHANNEL, "currency", channel + " does not pay in " + fields.currency().getCurrencyCode(),
                    channel.name()));
            return null;
        }
        PayableUnit unit = units.of(channel, fields.currency());
        if (!unit.pays(amount.minor())) {
            errors.add(error(r, Column.AMOUNT, "payable-unit", text + " cannot be paid: " + unit.rule(), text));
            return null;
        }
        if (installments == null) {
            return amount.minor();
        }
        if (!unit.splits(amount.minor(), installments)) {
            errors.add(error(r, Column.AMOUNT, "split", "is too small to split into " + installments + " installments: "
                    + unit.rule() + ", so each installment needs at least " + unit.unit().display(), text));
            return null;
        }
        Money largest = new Money(unit.largest(amount.minor(), installments), fields.currency());
        if (largest.isGreaterThan(limit.get())) {
            errors.add(error(r, Column.AMOUNT, "payout-limit", "gives an installment of " + largest.display()
                    + ", above the " + channel + " limit of " + limit.get().display() + " per payout", text));
            return null;
        }
        return amount.minor();
    }

    private static String text(PaymentListCsv.Row row, Column column) {
        String value = row.get(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Free text kept on one line: line breaks and runs of spaces inside a quoted cell become one space. */
    private static String oneLine(PaymentListCsv.Row row, Column column) {
        String value = text(row, column);
        return value == null ? null : WHITESPACE_RUN.matcher(value).replaceAll(" ");
    }

    private static ValidationError required(int row, Column column) {
        return error(row, column, "required", "is required", null);
    }

    private static ValidationError error(int row, Column column, String rule, String message, String value) {
        return ValidationError.of(row, column.header(), rule, column.header() + " " + message, value);
    }
}
