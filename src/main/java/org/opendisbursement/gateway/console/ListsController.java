package org.opendisbursement.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opendisbursement.gateway.installments.InstallmentProgress;
import org.opendisbursement.gateway.installments.InstallmentRelease;
import org.opendisbursement.gateway.installments.ListDecisions;
import org.opendisbursement.gateway.installments.ListProgress;
import org.opendisbursement.gateway.intake.FourEyesViolationException;
import org.opendisbursement.gateway.intake.ListErrors;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.ListStatus;
import org.opendisbursement.gateway.intake.PaymentList;
import org.opendisbursement.gateway.intake.PaymentLists;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.intake.ValidationError;
import org.opendisbursement.gateway.proposals.Proposal;
import org.opendisbursement.gateway.proposals.Proposals;
import org.opendisbursement.gateway.system.SpreadsheetCsv;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The finance pages: every list with its status and the progress of each installment; one list with its
 * validation report (also as CSV, to fix the file), its failed and manual-review payments, its proposed changes, and
 * the buttons: a maker confirms a list the inbox uploaded; a checker approves, rejects, releases an installment;
 * either proposes a retry of the failed payments or a switch of one to cash, which another approves. Each button
 * calls the same service as the API, which refuses again whatever the page should not have offered (four eyes,
 * states).
 */
@Controller
class ListsController {

    static final int PAGE = 25;
    private static final int REPORT_ROWS_SHOWN = 1000;
    private static final int PAYOUTS_SHOWN = 500;

    private final PaymentLists lists;
    private final ListErrors listErrors;
    private final ListProgress progress;
    private final Payouts payouts;
    private final ListDecisions decisions;
    private final InstallmentRelease release;
    private final Proposals proposals;
    private final NamedParameterJdbcTemplate jdbc;

    ListsController(PaymentLists lists, ListErrors listErrors, ListProgress progress, Payouts payouts,
                    ListDecisions decisions, InstallmentRelease release, Proposals proposals,
                    NamedParameterJdbcTemplate jdbc) {
        this.lists = lists;
        this.listErrors = listErrors;
        this.progress = progress;
        this.payouts = payouts;
        this.decisions = decisions;
        this.release = release;
        this.proposals = proposals;
        this.jdbc = jdbc;
    }

    @GetMapping("/lists")
    String all(@RequestParam(required = false) String programme, @RequestParam(required = false) String status,
               @RequestParam(required = false) Long before, Model model) {
        String programmeFilter = programme == null || programme.isBlank() ? null : programme.strip().toUpperCase();
        ListStatus statusFilter = parseStatus(status);
        List<PaymentList> page = lists.findAll(programmeFilter, statusFilter, PAGE + 1,
                before == null ? Long.MAX_VALUE : before);
        boolean more = page.size() > PAGE;
        List<PaymentList> shown = more ? page.subList(0, PAGE) : page;
        model.addAttribute("lists", shown);
        model.addAttribute("progress", progress.of(shown));
        model.addAttribute("programme", programmeFilter);
        model.addAttribute("status", statusFilter == null ? null : statusFilter.name());
        model.addAttribute("statuses", ListStatus.values());
        model.addAttribute("older", more ? shown.get(shown.size() - 1).id() : null);
        model.addAttribute("paged", before != null);
        return "console/lists";
    }

    @GetMapping("/lists/{id}")
    String one(@PathVariable long id, Model model) {
        PaymentList list = find(id);
        List<InstallmentProgress> installments = progress.of(List.of(list)).getOrDefault(id, List.of());
        model.addAttribute("list", list);
        model.addAttribute("installments", installments);
        model.addAttribute("releasable", releasable(list, installments));
        List<ValidationError> errors = list.errorCount() > 0 ? listErrors.of(id) : List.of();
        model.addAttribute("errors", errors.size() > REPORT_ROWS_SHOWN ? errors.subList(0, REPORT_ROWS_SHOWN) : errors);
        model.addAttribute("errorsShownLimit", REPORT_ROWS_SHOWN);
        model.addAttribute("failed", payouts.ofList(id, "FAILED", PAYOUTS_SHOWN));
        model.addAttribute("manualReview", payouts.ofList(id, "MANUAL_REVIEW", PAYOUTS_SHOWN));
        model.addAttribute("payoutsShownLimit", PAYOUTS_SHOWN);
        model.addAttribute("voucherPoints", voucherPoints(id));
        model.addAttribute("proposals", ProposalsController.pendingOf(proposals, id));
        return "console/list";
    }

    /** The validation report as CSV (row, column, rule, message, value), to fix the file in a spreadsheet. */
    @GetMapping("/lists/{id}/report.csv")
    void reportCsv(@PathVariable long id, HttpServletResponse response) throws IOException {
        PaymentList list = find(id);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"list-" + id + "-report.csv\"");
        try (SpreadsheetCsv csv = SpreadsheetCsv.open(response.getOutputStream(), "row", "column", "rule", "message",
                "value")) {
            for (ValidationError error : listErrors.of(list.id())) {
                csv.row(error.row(), error.column(), error.rule(), error.message(), error.value());
            }
        }
    }

    @PostMapping("/lists/{id}/confirm")
    String confirm(@PathVariable long id, Principal user, RedirectAttributes flash) {
        return act(id, flash, () -> {
            decisions.confirm(id, user.getName());
            return "List " + id + " confirmed as yours: it waits for a finance checker (someone else) to approve it.";
        });
    }

    @PostMapping("/lists/{id}/approve")
    String approve(@PathVariable long id, Principal user, RedirectAttributes flash) {
        return act(id, flash, () -> {
            PaymentList approved = decisions.approve(id, user.getName());
            if (approved.status() == ListStatus.APPROVED_ONCE) {
                return "List " + id + " approved once: its total needs a second, different finance checker.";
            }
            return "List " + id + " approved: " + approved.installmentCount() + " installments planned.";
        });
    }

    @PostMapping("/lists/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) String reason, Principal user,
                  RedirectAttributes flash) {
        if (reason == null || reason.isBlank()) {
            flash.addFlashAttribute("problem", "A rejection needs a reason: write why the list is rejected.");
            return "redirect:/lists/" + id;
        }
        return act(id, flash, () -> {
            decisions.reject(id, user.getName(), reason.strip());
            return "List " + id + " rejected.";
        });
    }

    @PostMapping("/lists/{id}/installments/{number}/release")
    String release(@PathVariable long id, @PathVariable int number, Principal user, RedirectAttributes flash) {
        return act(id, flash, () -> {
            long released = release.releaseEarly(id, number, user.getName());
            return "Installment " + number + " released: " + released + " payments are on their way.";
        });
    }

    @PostMapping("/lists/{id}/retry-failed")
    String retryFailed(@PathVariable long id, Principal user, RedirectAttributes flash) {
        return act(id, flash, () -> "Proposed (proposal " + proposals.proposeRetry(id, user.getName()).id()
                + "): the failed payments are sent again once another finance checker approves it.");
    }

    @PostMapping("/lists/{id}/payouts/{installmentId}/switch-to-cash")
    String switchToCash(@PathVariable long id, @PathVariable long installmentId,
                        @RequestParam(required = false) String location, Principal user, RedirectAttributes flash) {
        return act(id, flash, () -> {
            requireInList(id, installmentId);
            Proposal proposed = proposals.proposeSwitchToCash(installmentId, location, user.getName());
            return "Proposed (proposal " + proposed.id() + "): payment " + installmentId + " is switched to cash at "
                    + proposed.location() + " once another finance checker approves it.";
        });
    }

    private interface Action {
        String run();
    }

    /** Runs a button's action and comes back to the list with what happened, or why it was refused. */
    private static String act(long id, RedirectAttributes flash, Action action) {
        try {
            flash.addFlashAttribute("notice", action.run());
        } catch (FourEyesViolationException | StateConflictException | ListNotFoundException refused) {
            flash.addFlashAttribute("problem", refused.getMessage());
        }
        return "redirect:/lists/" + id;
    }

    private void requireInList(long listId, long installmentId) {
        Long found = jdbc.queryForObject("SELECT count(*) FROM installment WHERE id = :id AND list_id = :listId",
                new MapSqlParameterSource().addValue("id", installmentId).addValue("listId", listId), Long.class);
        if (found == null || found == 0) {
            throw new ListNotFoundException("list " + listId + " has no payment " + installmentId);
        }
    }

    /** Distribution points with cash payments, per installment number (for the voucher sheets). */
    private Map<Integer, List<String>> voucherPoints(long listId) {
        Map<Integer, List<String>> points = new TreeMap<>();
        jdbc.query("""
                SELECT DISTINCT i.number, b.location FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :listId AND i.channel = 'CASH' AND b.location IS NOT NULL ORDER BY i.number, b.location
                """, new MapSqlParameterSource("listId", listId), rs -> {
            points.computeIfAbsent(rs.getInt("number"), k -> new java.util.ArrayList<>()).add(rs.getString("location"));
        });
        return points;
    }

    /** The installment number a checker may release now: the first one that still has planned payments. */
    private static Integer releasable(PaymentList list, List<InstallmentProgress> installments) {
        if (list.status() != ListStatus.APPROVED) {
            return null;
        }
        return installments.stream().filter(p -> p.planned() > 0).map(InstallmentProgress::number).findFirst().orElse(null);
    }

    private PaymentList find(long id) {
        return lists.find(id).orElseThrow(() -> new ListNotFoundException("There is no payment list " + id + "."));
    }

    private static ListStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ListStatus.valueOf(status.strip().toUpperCase());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
