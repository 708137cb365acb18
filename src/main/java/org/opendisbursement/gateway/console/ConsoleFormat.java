package org.opendisbursement.gateway.console;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;
import org.opendisbursement.gateway.money.Money;

/**
 * How the console writes things for people: amounts with their currency and thousands separators
 * ("BDT 7,500.00"), counts with separators, times in the reader's time zone, and which language a name is in (so a
 * Bengali name is marked {@code lang="bn"}). Templates reach it as {@code fmt}.
 */
final class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final ZoneId zone;

    ConsoleFormat(ZoneId zone) {
        this.zone = zone;
    }

    public String zone() {
        return zone.getId();
    }

    public String money(long minor, String currency) {
        return new Money(minor, Currency.getInstance(currency.strip())).display();
    }

    public String money(long minor, Currency currency) {
        return new Money(minor, currency).display();
    }

    public String count(long count) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(count);
    }

    /** "2 Dec 2026, 14:05" in the reader's zone. */
    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    /** The machine-readable form for {@code <time datetime>}, with the reader's offset. */
    public String isoTime(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
    }

    /** The value of a {@code datetime-local} input for this instant, in the reader's zone. */
    public String inputTime(Instant instant) {
        return instant == null ? "" : INPUT.format(instant.atZone(zone));
    }

    /** A calendar date (due dates have no time zone). */
    public String date(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    public String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** "bn" for a name written in Bengali script, otherwise null (the attribute is then left out). */
    public String lang(String text) {
        return text != null && text.codePoints().anyMatch(c -> c >= 0x0980 && c <= 0x09FF) ? "bn" : null;
    }
}
