package org.opendisbursement.gateway.api;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.opendisbursement.gateway.installments.InstallmentRelease;
import org.opendisbursement.gateway.installments.ListDecisions;
import org.opendisbursement.gateway.intake.IntakeOutcome;
import org.opendisbursement.gateway.intake.IntakeRequest;
import org.opendisbursement.gateway.intake.ListErrors;
import org.opendisbursement.gateway.intake.ListFields;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.ListStatus;
import org.opendisbursement.gateway.intake.PaymentLists;
import org.opendisbursement.gateway.intake.ValidationError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
 * Payment lists over HTTP: upload (into the {@code intake.upload} route), read, confirm one the inbox uploaded (its
 * maker), approve, reject, release.
 */
@RestController
@RequestMapping("/api/payment-lists")
class PaymentListController {

    private final ProducerTemplate camel;
    private final PaymentLists lists;
    private final ListErrors listErrors;
    private final ListViews views;
    private final ListDecisions decisions;
    private final InstallmentRelease release;

    PaymentListController(ProducerTemplate camel, PaymentLists lists, ListErrors listErrors, ListViews views,
                          ListDecisions decisions, InstallmentRelease release) {
        this.camel = camel;
        this.lists = lists;
        this.listErrors = listErrors;
        this.views = views;
        this.decisions = decisions;
        this.release = release;
    }

    @PostMapping(consumes = "multipart/form-data")
    ResponseEntity<?> upload(@RequestParam("file") MultipartFile file, @RequestParam Map<String, String> fields,
                             Principal user) throws IOException {
        ListFields listFields = ListFields.parse(fields);
        Path copy = Files.createTempFile("payment-list-", ".csv");
        try {
            file.transferTo(copy);
            String name = file.getOriginalFilename() == null ? "upload.csv" : Path.of(file.getOriginalFilename()).getFileName().toString();
            var request = new IntakeRequest(copy, name, listFields, user.getName(), IntakeRequest.Source.API);
            IntakeOutcome outcome = camel.requestBody("direct:intake.upload", request, IntakeOutcome.class);
            return answer(outcome);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private ResponseEntity<?> answer(IntakeOutcome outcome) {
        if (outcome instanceof IntakeOutcome.Accepted accepted) {
            var view = views.of(lists.find(accepted.listId()).orElseThrow());
            return ResponseEntity.created(URI.create("/api/payment-lists/" + accepted.listId())).body(view);
        } else if (outcome instanceof IntakeOutcome.Rejected rejected) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                    "list " + rejected.listId() + " was rejected: " + rejected.errorCount()
                            + " error(s); fix them and upload the corrected file");
            problem.setTitle("Payment list rejected");
            problem.setProperty("listId", rejected.listId());
            problem.setProperty("listStatus", ListStatus.REJECTED.name());
            problem.setProperty("errorCount", rejected.errorCount());
            problem.setProperty("truncated", rejected.truncated());
            problem.setProperty("countsByRule", rejected.countsByRule());
            problem.setProperty("errors", rejected.errors());
            return ResponseEntity.unprocessableContent().body(problem);
        } else if (outcome instanceof IntakeOutcome.DuplicateFile duplicate) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "this file was already uploaded as list "
                    + duplicate.earlierListId() + " (" + duplicate.earlierStatus() + ")");
            problem.setTitle("Duplicate file");
            problem.setProperty("earlierListId", duplicate.earlierListId());
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        throw new IllegalStateException("unknown outcome " + outcome);
    }

    @GetMapping
    List<ListViews.ListView> all(@RequestParam(required = false) String programme,
                                 @RequestParam(required = false) ListStatus status,
                                 @RequestParam(defaultValue = "50") int limit,
                                 @RequestParam(defaultValue = "9223372036854775807") long beforeId) {
        return views.of(lists.findAll(programme, status, Math.max(1, Math.min(limit, 500)), beforeId));
    }

    @GetMapping("/{id}")
    ListViews.ListView one(@PathVariable long id) {
        return views.of(lists.find(id).orElseThrow(() -> new ListNotFoundException("no payment list " + id)));
    }

    @GetMapping("/{id}/report")
    Map<String, Object> report(@PathVariable long id) {
        var list = lists.find(id).orElseThrow(() -> new ListNotFoundException("no payment list " + id));
        List<ValidationError> errors = listErrors.of(id);
        Map<String, Object> report = new HashMap<>();
        report.put("listId", id);
        report.put("status", list.status().name());
        report.put("errorCount", list.errorCount());
        report.put("truncated", list.errorCount() > errors.size());
        report.put("errors", errors);
        return report;
    }

    /** A finance maker takes a list the inbox uploaded as hers; only then may a checker approve it. */
    @PostMapping("/{id}/confirm")
    ListViews.ListView confirm(@PathVariable long id, Principal user) {
        return views.of(decisions.confirm(id, user.getName()));
    }

    @PostMapping("/{id}/approve")
    ListViews.ListView approve(@PathVariable long id, Principal user) {
        return views.of(decisions.approve(id, user.getName()));
    }

    record Rejection(String reason) {
    }

    @PostMapping("/{id}/reject")
    ListViews.ListView reject(@PathVariable long id, @RequestBody(required = false) Rejection rejection, Principal user) {
        if (rejection == null || rejection.reason() == null || rejection.reason().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "a rejection needs a reason: send {\"reason\": \"…\"}");
        }
        return views.of(decisions.reject(id, user.getName(), rejection.reason().strip()));
    }

    record Released(long listId, int installment, long released) {
    }

    @PostMapping("/{id}/installments/{number}/release")
    Released release(@PathVariable long id, @PathVariable int number, Principal user) {
        return new Released(id, number, release.releaseEarly(id, number, user.getName()));
    }
}
