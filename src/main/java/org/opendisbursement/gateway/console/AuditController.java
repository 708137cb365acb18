package org.opendisbursement.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.opendisbursement.gateway.dispatch.ProviderControl;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.intake.ListStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The auditor's pages: the ledger searched by list, programme, beneficiary, provider, state and time range (times
 * read in the auditor's zone), newest first, and exported as CSV; one beneficiary's whole trail (who they are in
 * each list, every installment, every ledger entry), also as CSV; and the way to the ledger's verification.
 */
@Controller
class AuditController {

    private static final int PAGE = 50;

    /** The search form as typed, and what was wrong with it. */
    record Form(String list, String programme, String beneficiary, String provider, String state, String from,
                String to) {
    }

    private record Parsed(LedgerFilter filter, String channel, List<String> problems) {
    }

    private final LedgerSearch search;
    private final Trails trails;
    private final ProviderControl providers;
    private final ConsoleZone zones;

    AuditController(LedgerSearch search, Trails trails, ProviderControl providers, ConsoleZone zones) {
        this.search = search;
        this.trails = trails;
        this.providers = providers;
        this.zones = zones;
    }

    @GetMapping("/audit")
    String ledger(@RequestParam(required = false) String list, @RequestParam(required = false) String programme,
                  @RequestParam(required = false) String beneficiary, @RequestParam(required = false) String provider,
                  @RequestParam(required = false) String state, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, @RequestParam(required = false) Long before,
                  Model model, HttpServletRequest request) {
        Form form = new Form(list, programme, beneficiary, provider, state, from, to);
        Parsed parsed = parse(form, zones.of(request));
        List<LedgerLine> entries = parsed.problems().isEmpty()
                ? search.find(parsed.filter(), parsed.channel(), before == null ? Long.MAX_VALUE : before, PAGE + 1)
                : List.of();
        boolean more = entries.size() > PAGE;
        List<LedgerLine> shown = more ? entries.subList(0, PAGE) : entries;
        model.addAttribute("form", form);
        model.addAttribute("problems", parsed.problems());
        model.addAttribute("entries", shown);
        model.addAttribute("older", more ? shown.get(shown.size() - 1).id() : null);
        model.addAttribute("paged", before != null);
        model.addAttribute("providerNames", providers.all().stream().map(ProviderControl.ProviderView::name).toList());
        model.addAttribute("installmentStates", Arrays.stream(InstallmentState.values()).map(Enum::name).toList());
        model.addAttribute("listStatuses", Arrays.stream(ListStatus.values()).map(Enum::name).toList());
        return "console/audit";
    }

    @GetMapping("/audit/ledger.csv")
    void ledgerCsv(@RequestParam(required = false) String list, @RequestParam(required = false) String programme,
                   @RequestParam(required = false) String beneficiary, @RequestParam(required = false) String provider,
                   @RequestParam(required = false) String state, @RequestParam(required = false) String from,
                   @RequestParam(required = false) String to, HttpServletRequest request,
                   HttpServletResponse response) throws IOException {
        Parsed parsed = parse(new Form(list, programme, beneficiary, provider, state, from, to), zones.of(request));
        if (!parsed.problems().isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, String.join("; ", parsed.problems()));
            return;
        }
        csvHeaders(response, "ledger.csv");
        search.export(parsed.filter(), parsed.channel(), response.getWriter());
    }

    @GetMapping("/audit/trail")
    String trail(@RequestParam(required = false) String beneficiary, @RequestParam(required = false) String programme,
                 Model model) {
        String id = blankToNull(beneficiary);
        String programmeFilter = blankToNull(programme) == null ? null : programme.strip().toUpperCase();
        model.addAttribute("beneficiary", id);
        model.addAttribute("programme", programmeFilter);
        if (id != null) {
            model.addAttribute("people", trails.people(id, programmeFilter));
            model.addAttribute("payments", trails.payments(id, programmeFilter));
            model.addAttribute("entries", search.trail(id, programmeFilter));
        }
        return "console/trail";
    }

    @GetMapping("/audit/trail.csv")
    void trailCsv(@RequestParam String beneficiary, @RequestParam(required = false) String programme,
                  HttpServletResponse response) throws IOException {
        String programmeFilter = blankToNull(programme) == null ? null : programme.strip().toUpperCase();
        csvHeaders(response, "trail.csv");
        try (CSVPrinter csv = new CSVPrinter(response.getWriter(), CSVFormat.RFC4180.builder().get())) {
            csv.printRecord(LedgerSearch.CSV_HEADER);
            search.trail(beneficiary.strip(), programmeFilter).forEach(line -> LedgerSearch.print(csv, line));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void csvHeaders(HttpServletResponse response, String name) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        response.getWriter().write('\uFEFF');
    }

    private Parsed parse(Form form, ZoneId zone) {
        List<String> problems = new ArrayList<>();
        Long listId = null;
        if (blankToNull(form.list()) != null) {
            try {
                listId = Long.parseLong(form.list().strip());
            } catch (NumberFormatException e) {
                problems.add("List must be a list number such as 12.");
            }
        }
        String provider = blankToNull(form.provider());
        String channel = null;
        if (provider != null) {
            channel = providers.all().stream().filter(p -> p.name().equals(provider)).map(ProviderControl.ProviderView::channel)
                    .findFirst().orElse(null);
            if (channel == null) {
                problems.add("There is no provider called " + provider + ".");
            }
        }
        Instant from = time(form.from(), zone, "From", problems);
        Instant to = time(form.to(), zone, "To", problems);
        String programme = blankToNull(form.programme());
        String state = blankToNull(form.state());
        LedgerFilter filter = new LedgerFilter(listId, programme == null ? null : programme.toUpperCase(),
                blankToNull(form.beneficiary()), provider, state == null ? null : state.toUpperCase(), from, to);
        return new Parsed(filter, channel, problems);
    }

    private static Instant time(String text, ZoneId zone, String label, List<String> problems) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(label + " must be a date and time such as 2026-12-01T09:30.");
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
