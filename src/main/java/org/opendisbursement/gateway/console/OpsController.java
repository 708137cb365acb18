package org.opendisbursement.gateway.console;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.ProviderControl;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The ops page: each provider's status (up, breaker open, paused), throughput and error rate over the last minutes,
 * what waits for it; the retry backlog and the manual-review queue with the reason for each payment; and pause and
 * resume (through {@link ProviderControl}, which writes the ledger).
 */
@Controller
class OpsController {

    private static final int QUEUE_SHOWN = 200;

    /** A provider as the page shows it. */
    record ProviderRow(ProviderControl.ProviderView provider, String status, String statusClass,
                       ProviderTraffic.Reading traffic, long retryBacklog) {

        public long awaiting(String state) {
            return provider.awaiting().getOrDefault(state, 0L);
        }

        /** Sent and waiting for the provider's final answer. */
        public long awaitingAnswer() {
            return awaiting("SUBMITTED") + awaiting("UNKNOWN") + awaiting("PENDING");
        }
    }

    private final ProviderControl control;
    private final ProviderTraffic traffic;
    private final Payouts payouts;

    OpsController(ProviderControl control, ProviderTraffic traffic, Payouts payouts) {
        this.control = control;
        this.traffic = traffic;
        this.payouts = payouts;
    }

    @GetMapping("/ops")
    String page(Model model) {
        Map<String, Long> backlog = payouts.retryBacklogByChannel();
        List<ProviderRow> rows = control.all().stream().map(provider -> new ProviderRow(provider, status(provider),
                statusClass(provider), traffic.of(provider.name()), backlog.getOrDefault(provider.channel(), 0L))).toList();
        model.addAttribute("providers", rows);
        model.addAttribute("windowMinutes", ProviderTraffic.WINDOW.toMinutes());
        model.addAttribute("manualReview", payouts.manualReview(QUEUE_SHOWN));
        model.addAttribute("retryBacklog", payouts.retryBacklog(QUEUE_SHOWN));
        model.addAttribute("queueShown", QUEUE_SHOWN);
        return "console/ops";
    }

    @PostMapping("/ops/providers/{name}/pause")
    String pause(@PathVariable String name, @RequestParam(required = false) String reason, Principal user,
                 RedirectAttributes flash) {
        return set(name, true, reason, user, flash);
    }

    @PostMapping("/ops/providers/{name}/resume")
    String resume(@PathVariable String name, @RequestParam(required = false) String reason, Principal user,
                  RedirectAttributes flash) {
        return set(name, false, reason, user, flash);
    }

    private String set(String name, boolean paused, String reason, Principal user, RedirectAttributes flash) {
        if (!control.exists(name)) {
            flash.addFlashAttribute("problem", "There is no provider called " + name + ".");
            return "redirect:/ops";
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        control.setPaused(name, paused, user.getName(), why);
        flash.addFlashAttribute("notice", paused ? name + " is paused: its payments wait, ready, without spending attempts."
                : name + " is running again.");
        return "redirect:/ops";
    }

    static String status(ProviderControl.ProviderView provider) {
        if (!provider.enabled()) {
            return "disabled";
        } else if (provider.paused() && provider.faultCode() != null) {
            return "paused: account fault";
        } else if (provider.paused()) {
            return "paused";
        } else if ("OPEN".equals(provider.breaker())) {
            return "breaker open";
        } else if ("HALF_OPEN".equals(provider.breaker())) {
            return "recovering (trial calls)";
        }
        return "up";
    }

    private static String statusClass(ProviderControl.ProviderView provider) {
        String status = status(provider);
        return "up".equals(status) ? "good" : "paused".equals(status) || "disabled".equals(status) ? "warn" : "bad";
        // an account fault is "bad": ops must fix something before resuming
    }
}
