package org.opendisbursement.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.audit.AccessLog;
import org.opendisbursement.gateway.audit.AuditorLedger;
import org.opendisbursement.gateway.audit.LedgerFilter;
import org.opendisbursement.gateway.audit.LedgerHeads;
import org.opendisbursement.gateway.audit.LedgerQuery;
import org.opendisbursement.gateway.audit.LedgerVerifier;
import org.opendisbursement.gateway.audit.ListTotals;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The auditor's ledger: {@code GET /api/ledger} a page of entries as JSON, or with {@code Accept: text/csv} (or
 * {@code format=csv}) every matching entry as a streamed CSV file; {@code /api/ledger/verify} recomputes the hash
 * chains (and, for the whole ledger, the sealing rounds and the anchor file); {@code /api/ledger/heads} the chain heads
 * to publish; {@code /api/ledger/anchors} the anchor file as text, for auditors to keep; {@code
 * /api/ledger/lists/{id}/totals} a list's money in buckets that add up to what was approved.
 */
@RestController
class LedgerController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AuditorLedger ledger;
    private final Clock clock;

    LedgerController(AuditorLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @GetMapping("/api/ledger")
    ResponseEntity<LedgerQuery.Page> entries(@RequestParam Map<String, String> parameters,
                             @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                             HttpServletRequest request, HttpServletResponse response) throws IOException {
        LedgerFilter filter = LedgerFilter.of(parameters, clock.getZone());
        long after = parameters.get("after") == null ? 0 : LedgerFilter.number(parameters.get("after"), "after");
        String format = parameters.get("format");
        if ("csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"))) {
            export(filter, after, request, response);
            return null; // answered: the export went straight into the response
        }
        if (format != null && !"json".equalsIgnoreCase(format)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "format must be json or csv");
        }
        int limit = parameters.get("limit") == null ? DEFAULT_LIMIT : (int) Math.min(MAX_LIMIT,
                Math.max(1, LedgerFilter.number(parameters.get("limit"), "limit")));
        LedgerQuery.Page page = ledger.page(filter, after, limit);
        request.setAttribute(AccessLog.ROWS, page.entries().size());
        return ResponseEntity.ok(page);
    }

    /** Streams every matching entry from a database cursor straight into the response, never holding the export. */
    private void export(LedgerFilter filter, long after, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName(filter) + "\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        request.setAttribute(AccessLog.ROWS, ledger.writeCsv(filter, after, out));
    }

    private static String fileName(LedgerFilter filter) {
        List<String> parts = new ArrayList<>(List.of("ledger"));
        if (filter.listId() != null) {
            parts.add("list-" + filter.listId());
        }
        if (filter.programme() != null) {
            parts.add(filter.programme());
        }
        if (filter.beneficiaryId() != null) {
            parts.add(filter.beneficiaryId().replaceAll("[^A-Za-z0-9_.-]", "_"));
        }
        return String.join("-", parts) + ".csv";
    }

    @GetMapping("/api/ledger/verify")
    LedgerVerifier.Verification verify(@RequestParam(required = false) Long list,
                                       @RequestParam(required = false) List<String> anchor,
                                       HttpServletRequest request) {
        List<LedgerVerifier.Anchor> anchors = new ArrayList<>();
        for (String a : anchor == null ? List.<String>of() : anchor) {
            String[] parts = a.strip().split(":");
            if (parts.length != 2 || !parts[0].matches("[0-9]{1,18}") || !parts[1].matches("[0-9a-fA-F]{64}")) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "an anchor is <entry id>:<hash of 64 hex digits>, as /api/ledger/heads shows");
            }
            anchors.add(new LedgerVerifier.Anchor(Long.parseLong(parts[0]), parts[1]));
        }
        LedgerVerifier.Verification verification = ledger.verification(list, anchors);
        request.setAttribute(AccessLog.ROWS, verification.sealedEntries());
        return verification;
    }

    @GetMapping("/api/ledger/heads")
    LedgerHeads.Heads heads(@RequestParam(required = false) Long list, HttpServletRequest request) {
        LedgerHeads.Heads result = ledger.heads(list);
        request.setAttribute(AccessLog.ROWS, result.chains().size());
        return result;
    }

    /** The anchor file as it stands: one line per anchor, each under a MAC chained to the line before. */
    @GetMapping("/api/ledger/anchors")
    void anchors(HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=US-ASCII");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"ledger-anchors.log\"");
        ledger.writeAnchors(response.getOutputStream());
    }

    @GetMapping("/api/ledger/lists/{id}/totals")
    ListTotals.Totals totals(@PathVariable long id) {
        return ledger.totals(id);
    }
}
