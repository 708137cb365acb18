package org.opendisbursement.gateway.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.opendisbursement.gateway.reconciliation.ReconciliationViews;
import org.opendisbursement.gateway.reconciliation.Reconciliations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reconciliation over HTTP: import a provider's statement (multipart {@code provider}, {@code file}, optional
 * {@code from} and {@code to}), read the summary and its differences, download the report as CSV, and resolve a flag.
 */
@RestController
@RequestMapping("/api/reconciliations")
class ReconciliationController {

    record Note(String note) {
    }

    private final Reconciliations reconciliations;
    private final ReconciliationViews views;

    ReconciliationController(Reconciliations reconciliations, ReconciliationViews views) {
        this.reconciliations = reconciliations;
        this.views = views;
    }

    @PostMapping(consumes = "multipart/form-data")
    ResponseEntity<ReconciliationViews.Summary> importStatement(@RequestParam("file") MultipartFile file,
                                                                @RequestParam("provider") String provider,
                                                                @RequestParam(value = "from", required = false) String from,
                                                                @RequestParam(value = "to", required = false) String to,
                                                                Principal user) {
        String name = file.getOriginalFilename() == null ? "statement.csv"
                : Path.of(file.getOriginalFilename()).getFileName().toString();
        long id = reconciliations.importStatement(new Reconciliations.Upload(provider.strip().toLowerCase(java.util.Locale.ROOT),
                name, file::getInputStream, date("from", from), date("to", to), user.getName()));
        return ResponseEntity.created(URI.create("/api/reconciliations/" + id)).body(views.summary(id).orElseThrow());
    }

    @GetMapping
    List<ReconciliationViews.Listed> list(@RequestParam(value = "provider", required = false) String provider,
                                          @RequestParam(value = "limit", defaultValue = "50") int limit) {
        return views.list(provider, Math.max(1, Math.min(limit, 500)));
    }

    @GetMapping("/{id}")
    ReconciliationViews.Summary summary(@PathVariable long id) {
        return views.summary(id).orElseThrow(() -> notFound(id));
    }

    @GetMapping("/{id}/report.csv")
    void report(@PathVariable long id, HttpServletResponse response) throws IOException {
        ReconciliationViews.Summary summary = views.summary(id).orElseThrow(() -> notFound(id));
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"reconciliation-" + id + "-" + summary.provider()
                + ".csv\"");
        views.reportCsv(id, response.getOutputStream());
    }

    @PostMapping("/{id}/results/{resultId}/resolve")
    ReconciliationViews.Summary resolve(@PathVariable long id, @PathVariable long resultId,
                                        @RequestBody(required = false) Note note, Principal user) {
        reconciliations.resolve(id, resultId, user.getName(), note == null ? null : note.note());
        return views.summary(id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no reconciliation " + id);
    }

    private static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + " must be a date as yyyy-MM-dd, not '"
                    + text + "'");
        }
    }
}
