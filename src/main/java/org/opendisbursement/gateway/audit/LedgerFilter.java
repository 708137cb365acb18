package org.opendisbursement.gateway.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opendisbursement.gateway.intake.Channel;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What an auditor asks of the ledger, the one filter of the ledger API and of the console's audit pages: entries of
 * one list ({@code 0}: entries of no list, such as provider pauses), of one programme, of one beneficiary, of one
 * provider ({@code bkash}, {@code nagad}, {@code mpesa}, {@code mtn}, {@code cash}: payments through its channel, and
 * entries about the provider itself, such as its pauses), moved to one state, and in a time range ({@code from}
 * inclusive, {@code to} exclusive). Null means "any". From API parameters ({@link #of}) a time is an ISO instant or a
 * date meaning midnight in the programme time zone, and unknown parameters are refused, so a misspelt filter never
 * silently returns the whole ledger.
 */
public record LedgerFilter(Long listId, String programme, String beneficiaryId, String channel, String state,
                           Instant from, Instant to) {

    /** The providers a filter knows, by the names the API and the console use. */
    public static final List<String> PROVIDERS = Arrays.stream(Channel.values())
            .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();

    static final Set<String> PARAMETERS = Set.of("list", "programme", "beneficiary", "provider", "state", "from", "to",
            "after", "limit", "format");

    /** The channel a provider pays through ({@code nagad}: {@code NAGAD}), or null for no such provider. */
    public static String channelOf(String provider) {
        String name = provider == null ? "" : provider.strip().toLowerCase(Locale.ROOT);
        return PROVIDERS.contains(name) ? name.toUpperCase(Locale.ROOT) : null;
    }

    /** The provider's own name ({@code nagad}), which its entries without a payment (pauses) carry as reference. */
    String provider() {
        return channel == null ? null : channel.toLowerCase(Locale.ROOT);
    }

    public static LedgerFilter of(Map<String, String> parameters, ZoneId zone) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "unknown parameter '" + name.replaceAll("[^A-Za-z0-9_-]", "?")
                        + "'; the ledger takes " + String.join(", ", PARAMETERS.stream().sorted().toList()));
            }
        }
        Long list = null;
        if (parameters.get("list") != null) {
            list = number(parameters.get("list"), "list");
        }
        String programme = matching(parameters.get("programme"), "[A-Z0-9_-]{1,32}", "programme",
                "a programme code (A-Z 0-9 - _)");
        String beneficiary = matching(parameters.get("beneficiary"), "[A-Za-z0-9_/.-]{1,64}", "beneficiary",
                "a beneficiary id (1-64 of letters, digits and -_/.)");
        String channel = null;
        if (parameters.get("provider") != null) {
            channel = channelOf(parameters.get("provider"));
            if (channel == null) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "provider must be one of bkash, nagad, mpesa, mtn, cash");
            }
        }
        String state = parameters.get("state") == null ? null : parameters.get("state").strip().toUpperCase(Locale.ROOT);
        state = matching(state, "[A-Z_]{1,20}", "state", "a state such as CONFIRMED or MANUAL_REVIEW");
        Instant from = instant(parameters.get("from"), "from", zone);
        Instant to = instant(parameters.get("to"), "to", zone);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'from' must be before 'to' ('to' is exclusive)");
        }
        return new LedgerFilter(list, programme, beneficiary, channel, state, from, to);
    }

    public static long number(String text, String name) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "'" + name + "' must be a whole number of 0 or more");
        }
    }

    private static String matching(String text, String pattern, String name, String what) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        if (!value.matches(pattern)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + name + "' must be " + what);
        }
        return value;
    }

    public static Instant instant(String text, String name, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "'" + name + "' must be a date (2026-12-01) or an instant (2026-12-01T04:00:00Z)");
        }
    }
}
