package org.opendisbursement.gateway.vouchers;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.opendisbursement.gateway.system.AccessRules;
import org.opendisbursement.gateway.system.CsvFieldLimit;
import org.opendisbursement.gateway.system.GatewayLimits;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Offline field work: agents without a connection note each hand-over (code or QR payload, time, agent) and upload
 * them later as CSV. Rows are applied in the order of their hand-over times, each alone, by the same rules as an
 * online redemption ({@link Redemptions}); the report gives every row's outcome, conflicts with when, where and by
 * whom the voucher was redeemed. Uploading the same file again changes nothing (ALREADY_RECORDED). Codes appear in the
 * report by their last four symbols only.
 *
 * <p>Columns (header row, any order and case): {@code code}, {@code time} (or {@code redeemed_at}: ISO-8601 with an
 * offset, or local date and time in the programme time zone, e.g. {@code 2026-12-05 10:15}), {@code agent}, and
 * {@code location} unless the upload names one for every row.
 */
@Service
public class BulkRedemptions {

    public record Row(int row, String code, String agent, Instant redeemedAt, String outcome, String detail, Long voucherId,
               String beneficiaryId, Map<String, Object> facts) {
    }

    public record Report(int rows, int redeemed, int alreadyRecorded, int conflicts, Map<String, Integer> byOutcome,
                  List<Row> results) {
    }

    private record Parsed(int row, String code, String agent, Instant at, String location, String problem) {
    }

    private static final Set<String> CODE = Set.of("code", "voucher_code", "voucher", "qr");
    private static final Set<String> TIME = Set.of("time", "redeemed_at", "redeemedat", "paid_at", "timestamp");
    private static final Set<String> AGENT = Set.of("agent", "redeemed_by", "field_agent");
    private static final Set<String> LOCATION = Set.of("location", "distribution_point");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[' ']['T']HH:mm[:ss]", Locale.ROOT);

    private final Redemptions redemptions;
    private final UserDetailsService users;
    private final Clock clock;
    private final VouchersProperties settings;
    private final GatewayLimits limits;

    BulkRedemptions(Redemptions redemptions, UserDetailsService users, Clock clock, VouchersProperties settings,
                    GatewayLimits limits) {
        this.redemptions = redemptions;
        this.users = users;
        this.clock = clock;
        this.settings = settings;
        this.limits = limits;
    }

    /**
     * @param location     the distribution point of every row, or null when the file has a location column
     * @param uploader     the signed-in user
     * @param onlyOwnRows  the uploader is a field agent (not a finance checker): rows must name the uploader
     */
    public Report upload(InputStream csv, String location, String uploader, boolean onlyOwnRows) {
        List<Parsed> rows = read(csv, location);
        rows.sort(Comparator.comparing((Parsed p) -> p.at() == null ? Instant.MIN : p.at()).thenComparingInt(Parsed::row));
        List<Row> results = new ArrayList<>();
        for (Parsed row : rows) {
            String problem = row.problem() != null ? row.problem() : agentProblem(row.agent(), uploader, onlyOwnRows);
            if (problem != null) {
                results.add(new Row(row.row(), masked(row.code()), row.agent(), row.at(), Redemption.Refusal.INVALID.name(),
                        problem, null, null, Map.of()));
                continue;
            }
            Redemption outcome = redemptions.redeem(new Redemptions.Request(row.code(), row.location(), row.agent(),
                    row.at(), uploader, uploader));
            results.add(result(row, outcome));
        }
        results.sort(Comparator.comparingInt(Row::row));
        Map<String, Integer> byOutcome = new LinkedHashMap<>();
        results.forEach(r -> byOutcome.merge(r.outcome(), 1, Integer::sum));
        int redeemed = byOutcome.getOrDefault("REDEEMED", 0);
        int again = byOutcome.getOrDefault("ALREADY_RECORDED", 0);
        return new Report(results.size(), redeemed, again, results.size() - redeemed - again, byOutcome, results);
    }

    private static Row result(Parsed row, Redemption outcome) {
        if (outcome instanceof Redemption.Paid paid) {
            return new Row(row.row(), paid.code(), row.agent(), row.at(), "REDEEMED", "redeemed: " + paid.amount().display()
                    + " to " + paid.beneficiaryId(), paid.voucherId(), paid.beneficiaryId(), Map.of());
        } else if (outcome instanceof Redemption.AlreadyRecorded again) {
            return new Row(row.row(), masked(row.code()), row.agent(), row.at(), "ALREADY_RECORDED",
                    "this redemption was uploaded before", again.voucherId(), again.beneficiaryId(), Map.of());
        } else if (outcome instanceof Redemption.Refused refused) {
            Object voucherId = refused.facts().get("voucherId");
            return new Row(row.row(), masked(row.code()), row.agent(), row.at(), refused.reason().name(), refused.detail(),
                    voucherId instanceof Long id ? id : null, null, refused.facts());
        }
        throw new IllegalStateException("unknown outcome " + outcome);
    }

    private String agentProblem(String agent, String uploader, boolean onlyOwnRows) {
        if (onlyOwnRows && !agent.equals(uploader)) {
            return "a field agent uploads only their own redemptions; this row names " + agent;
        }
        try {
            UserDetails user = users.loadUserByUsername(agent);
            boolean fieldAgent = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .anyMatch(("ROLE_" + AccessRules.FIELD_AGENT)::equals);
            return fieldAgent ? null : agent + " is not a field agent";
        } catch (UsernameNotFoundException e) {
            return "there is no user " + agent;
        }
    }

    private List<Parsed> read(InputStream csv, String location) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).setIgnoreHeaderCase(true).setAllowMissingColumnNames(true).get();
        try (Reader reader = CsvFieldLimit.of(new InputStreamReader(BOMInputStream.builder().setInputStream(csv).get(),
                StandardCharsets.UTF_8), limits.csvFieldLength());
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Map<String, Integer> header = parser.getHeaderMap();
            String code = column(header, CODE, "code");
            String time = column(header, TIME, "time");
            String agent = column(header, AGENT, "agent");
            String place = header.keySet().stream().filter(h -> LOCATION.contains(h.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
            if (place == null && (location == null || location.isBlank())) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "name the distribution point: a location column, or the location field for every row");
            }
            List<Parsed> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (rows.size() == settings.maxBulkRows()) {
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                            "an upload has at most " + settings.maxBulkRows() + " rows; split the file");
                }
                int row = (int) record.getRecordNumber() + 1;
                String rowPlace = place != null && record.isSet(place) && !record.get(place).isBlank() ? record.get(place) : location;
                rows.add(parse(row, value(record, code), value(record, agent), value(record, time), rowPlace));
            }
            return rows;
        } catch (IOException | UncheckedIOException e) {
            CsvFieldLimit.TooLong tooLong = CsvFieldLimit.cause(e);
            if (tooLong != null) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "row " + tooLong.row() + ", column "
                        + (tooLong.column() + 1) + ": a field longer than " + tooLong.max() + " characters, the most one "
                        + "field may have (is a quote left open?); nothing was redeemed");
            }
            throw e instanceof UncheckedIOException unchecked ? unchecked : new UncheckedIOException((IOException) e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "the file is not a CSV file with a header row: " + e.getMessage());
        }
    }

    private Parsed parse(int row, String code, String agent, String time, String location) {
        if (code.isEmpty() || agent.isEmpty() || time.isEmpty()) {
            return new Parsed(row, code, agent, null, location, "code, time and agent are all required");
        }
        if (location == null || location.isBlank()) {
            return new Parsed(row, code, agent, null, location, "the row has no location");
        }
        try {
            return new Parsed(row, code, agent, instant(time), location, null);
        } catch (DateTimeParseException e) {
            return new Parsed(row, code, agent, null, location,
                    "the time is not ISO-8601 (2026-12-05T10:15:00+06:00) or local (2026-12-05 10:15)");
        }
    }

    private Instant instant(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(time);
            } catch (DateTimeParseException notInstant) {
                return LocalDateTime.parse(time, LOCAL).atZone(clock.getZone()).toInstant();
            }
        }
    }

    private static String column(Map<String, Integer> header, Set<String> names, String what) {
        return header.keySet().stream().filter(h -> names.contains(h.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "the file has no " + what + " column; columns are code, time, agent"
                        + " and location (or one location for the whole upload)"));
    }

    private static String value(CSVRecord record, String column) {
        return record.isSet(column) ? record.get(column).strip() : "";
    }

    /** The last four symbols of what was given, never the whole code. */
    private static String masked(String code) {
        VoucherCode.Reading reading = VoucherCode.read(code);
        return reading instanceof VoucherCode.Valid valid ? valid.code().toString() : null;
    }
}
