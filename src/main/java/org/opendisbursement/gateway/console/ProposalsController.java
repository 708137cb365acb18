package org.opendisbursement.gateway.console;

import java.security.Principal;
import java.util.List;
import java.util.regex.Pattern;
import org.opendisbursement.gateway.installments.ApprovalProperties;
import org.opendisbursement.gateway.intake.FourEyesViolationException;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.proposals.Proposal;
import org.opendisbursement.gateway.proposals.ProposalStatus;
import org.opendisbursement.gateway.proposals.Proposals;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The proposed changes of money: those waiting for a second person, with Approve (never offered to the proposer;
 * the service refuses it anyway) and Reject or Withdraw for finance checkers, and those decided lately. The list
 * page shows its own with the same buttons, which come back to it.
 */
@Controller
class ProposalsController {

    private static final Pattern BACK = Pattern.compile("/lists/\\d+|/proposals");
    private static final int SHOWN = 200;

    private final Proposals proposals;
    private final ApprovalProperties approval;

    ProposalsController(Proposals proposals, ApprovalProperties approval) {
        this.proposals = proposals;
        this.approval = approval;
    }

    @GetMapping("/proposals")
    String all(Model model) {
        model.addAttribute("pending", proposals.find(ProposalStatus.PROPOSED, null, SHOWN));
        model.addAttribute("decided", proposals.find(null, null, 50).stream().filter(p -> !p.open()).toList());
        model.addAttribute("expireDays", approval.proposalsExpireAfter().toDays());
        return "console/proposals";
    }

    @PostMapping("/proposals/{id}/approve")
    String approve(@PathVariable long id, @RequestParam(required = false) String back, Principal user,
                   RedirectAttributes flash) {
        try {
            Proposal approved = proposals.approve(id, user.getName());
            flash.addFlashAttribute("notice", "Proposal " + id + " approved: " + approved.outcome() + ".");
        } catch (FourEyesViolationException | StateConflictException | ListNotFoundException refused) {
            flash.addFlashAttribute("problem", refused.getMessage());
        }
        return redirect(back);
    }

    @PostMapping("/proposals/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) String reason,
                  @RequestParam(required = false) String back, Principal user, RedirectAttributes flash) {
        if (reason == null || reason.isBlank()) {
            flash.addFlashAttribute("problem", "A rejection needs a reason: write why the change should not be made.");
            return redirect(back);
        }
        try {
            proposals.reject(id, reason, user.getName());
            flash.addFlashAttribute("notice", "Proposal " + id + " rejected: nothing was changed.");
        } catch (StateConflictException | ListNotFoundException refused) {
            flash.addFlashAttribute("problem", refused.getMessage());
        }
        return redirect(back);
    }

    /** Back to the page the button was on: a list's page or this one (never anywhere else). */
    private static String redirect(String back) {
        return "redirect:" + (back != null && BACK.matcher(back).matches() ? back : "/proposals");
    }

    static List<Proposal> pendingOf(Proposals proposals, long listId) {
        return proposals.find(ProposalStatus.PROPOSED, listId, SHOWN);
    }
}
