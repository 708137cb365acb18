package org.opendisbursement.gateway.api;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.FailedPayouts;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.proposals.Proposals;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A list's installments in one state (failed, manual review …) with their reasons; propose a retry of the failed
 * ones, or a switch of one to cash (a second person approves either: {@link ProposalController}); settle a payout in
 * manual review by what a person established.
 */
@RestController
class FailedPayoutController {

    record Location(String location) {
    }

    record Settlement(FailedPayouts.Verdict verdict, String providerTransactionId, String note) {
    }

    private final FailedPayouts failed;
    private final Proposals proposals;

    FailedPayoutController(FailedPayouts failed, Proposals proposals) {
        this.failed = failed;
        this.proposals = proposals;
    }

    @GetMapping("/api/payment-lists/{id}/installments")
    List<FailedPayouts.Failed> inState(@PathVariable long id, @RequestParam(defaultValue = "FAILED") InstallmentState state) {
        return failed.of(id, state.name());
    }

    /** Proposes sending the list's FAILED wallet payouts again: 202 with the proposal. */
    @PostMapping("/api/payment-lists/{id}/retry-failed")
    ResponseEntity<ProposalController.ProposalView> retryFailed(@PathVariable long id, Principal user) {
        return ProposalController.proposed(proposals.proposeRetry(id, user.getName()));
    }

    /** Proposes paying a FAILED wallet payout in cash: 202 with the proposal. */
    @PostMapping("/api/installments/{installmentId}/switch-to-cash")
    ResponseEntity<ProposalController.ProposalView> switchToCash(@PathVariable long installmentId,
                                                                 @RequestBody(required = false) Location location,
                                                                 Principal user) {
        return ProposalController.proposed(proposals.proposeSwitchToCash(installmentId,
                location == null ? null : location.location(), user.getName()));
    }

    @PostMapping("/api/installments/{installmentId}/settle")
    Map<String, Object> settle(@PathVariable long installmentId, @RequestBody(required = false) Settlement settlement,
                               Principal user) {
        if (settlement == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "give {\"verdict\": \"PAID\"|\"NOT_PAID\", \"providerTransactionId\": …,"
                    + " \"note\": \"how it was established\"}");
        }
        failed.settleManualReview(installmentId, settlement.verdict(), settlement.providerTransactionId(),
                settlement.note(), user.getName());
        return Map.of("installmentId", installmentId, "state",
                settlement.verdict() == FailedPayouts.Verdict.PAID ? "CONFIRMED" : "READY");
    }
}
