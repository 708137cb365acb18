package org.opendisbursement.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendisbursement.gateway.audit.AccessLog;
import org.opendisbursement.gateway.audit.AuditorLedger;
import org.opendisbursement.gateway.audit.BeneficiaryTrail;
import org.opendisbursement.gateway.audit.LedgerFilter;
import org.opendisbursement.gateway.audit.LedgerVerifier;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.intake.ListStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The auditor's pages, all through {@link AuditorLedger}: the ledger searched by list, programme, beneficiary,
 * provider, state and time range (times read in the auditor's zone), newest first, and exported as CSV; one
 * beneficiary's whole trail (who they are in each list, every installment, every ledger entry), also as CSV; and the
 * verification of the ledger's hash chains, whole or of one list, as a page.
 */
@Controller
class AuditController {

    private static final int PAGE = 50;

    /** What each kind of finding means, for people (one for each {@link LedgerVerifier.Kind}). */
    static final Map<String, String> FINDINGS = Map.ofEntries(
            Map.entry("ALTERED", "Altered: the entry no longer reads as it did when it was sealed"),
            Map.entry("MISSING", "Missing: the entry was sealed and has since been deleted"),
            Map.entry("INSERTED", "Inserted: the entry appeared after its part of the ledger was sealed"),
            Map.entry("BROKEN_LINK", "Broken link: a seal before this entry was removed or rewritten"),
            Map.entry("WRONG_CHAIN", "Wrong chain: the entry is sealed in another list's hash chain"),
            Map.entry("OUT_OF_TURN", "Out of turn: the seal was made outside every sealing round"),
            Map.entry("ROUND_GAP", "Round gap: sealing rounds skip or repeat entries"),
            Map.entry("ROUND_COUNT", "Round count: a sealing round holds more or fewer seals than it made"),
            Map.entry("REWRITTEN", "Rewritten: history no longer matches the heads anchored outside the database"),
            Map.entry("ANCHOR_LOG", "Anchor file: a line was altered, removed or inserted"),
            Map.entry("ANCHOR_MISMATCH", "Anchor mismatch: the chain no longer holds a hash published earlier"));

    /** The search form as typed, and what was wrong with it. */
    record Form(String list, String programme, String beneficiary, String provider, String state, String from,
                String to) {
    }

    private record Parsed(LedgerFilter filter, List<String> problems) {
    }

    private final AuditorLedger ledger;
    private final ConsoleZone zones;

    AuditController(AuditorLedger ledger, ConsoleZone zones) {
        this.ledger = ledger;
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
        AuditorLedger.Entries entries = parsed.problems().isEmpty()
                ? ledger.newestFirst(parsed.filter(), before, PAGE)
                : new AuditorLedger.Entries(List.of(), null);
        request.setAttribute(AccessLog.ROWS, entries.entries().size());
        model.addAttribute("form", form);
        model.addAttribute("problems", parsed.problems());
        model.addAttribute("entries", entries.entries());
        model.addAttribute("older", entries.older());
        model.addAttribute("paged", before != null);
        model.addAttribute("verifyList", parsed.problems().isEmpty() ? parsed.filter().listId() : null);
        model.addAttribute("providerNames", LedgerFilter.PROVIDERS);
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
        csv(parsed.filter(), "ledger.csv", request, response);
    }

    @GetMapping("/audit/trail")
    String trail(@RequestParam(required = false) String beneficiary, @RequestParam(required = false) String programme,
                 Model model, HttpServletRequest request) {
        String id = blankToNull(beneficiary);
        String programmeFilter = programme(programme);
        model.addAttribute("beneficiary", id);
        model.addAttribute("programme", programmeFilter);
        if (id != null) {
            BeneficiaryTrail.Trail trail = ledger.trail(id, programmeFilter);
            model.addAttribute("people", trail.lists());
            model.addAttribute("paid", trail.lists().stream().anyMatch(list -> !list.installments().isEmpty()));
            model.addAttribute("entries", trail.entries());
            model.addAttribute("entriesTruncated", trail.entriesTruncated());
            request.setAttribute(AccessLog.ROWS, trail.entries().size());
        }
        return "console/trail";
    }

    @GetMapping("/audit/trail.csv")
    void trailCsv(@RequestParam String beneficiary, @RequestParam(required = false) String programme,
                  HttpServletRequest request, HttpServletResponse response) throws IOException {
        LedgerFilter filter = new LedgerFilter(null, programme(programme), beneficiary.strip(), null, null, null, null);
        csv(filter, "trail.csv", request, response);
    }

    @GetMapping("/audit/verify")
    String verify(@RequestParam(required = false) String list, Model model, HttpServletRequest request) {
        String text = blankToNull(list);
        model.addAttribute("list", text);
        model.addAttribute("kinds", FINDINGS);
        if (text != null && !text.matches("[0-9]{1,18}")) {
            model.addAttribute("problems", List.of("List must be a list number such as 12 (0: entries of no list)."));
            return "console/verify";
        }
        LedgerVerifier.Verification verification = ledger.verify(text == null ? null : Long.parseLong(text));
        request.setAttribute(AccessLog.ROWS, verification.sealedEntries());
        model.addAttribute("problems", List.of());
        model.addAttribute("result", verification);
        return "console/verify";
    }

    /** Every entry of the filter as the API's CSV export (same columns, formula-safe), streamed into the response. */
    private void csv(LedgerFilter filter, String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        var out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        request.setAttribute(AccessLog.ROWS, ledger.writeCsv(filter, 0, out));
    }

    private Parsed parse(Form form, ZoneId zone) {
        List<String> problems = new ArrayList<>();
        Long listId = null;
        if (blankToNull(form.list()) != null) {
            try {
                listId = Long.parseLong(form.list().strip());
                if (listId < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add("List must be a list number such as 12 (0: entries of no list).");
            }
        }
        String provider = blankToNull(form.provider());
        String channel = provider == null ? null : LedgerFilter.channelOf(provider);
        if (provider != null && channel == null) {
            problems.add("There is no provider called " + provider + ".");
        }
        Instant from = time(form.from(), zone, "From", problems);
        Instant to = time(form.to(), zone, "To", problems);
        String state = blankToNull(form.state());
        LedgerFilter filter = new LedgerFilter(listId, programme(form.programme()), blankToNull(form.beneficiary()),
                channel, state == null ? null : state.toUpperCase(Locale.ROOT), from, to);
        return new Parsed(filter, problems);
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

    private static String programme(String text) {
        String value = blankToNull(text);
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
