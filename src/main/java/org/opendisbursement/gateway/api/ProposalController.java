package org.opendisbursement.gateway.api;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.money.Amount;
import org.opendisbursement.gateway.money.Money;
import org.opendisbursement.gateway.proposals.Proposal;
import org.opendisbursement.gateway.proposals.ProposalStatus;
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
 * Proposed changes of money (switch to cash, voucher cancel, voucher reissue elsewhere, retry of a list) over HTTP:
 * read them, approve one (never its proposer: 403) or reject it with a reason. They are made by the endpoints of what
 * they change ({@link FailedPayoutController}, {@link VoucherController}), which answer 202 with the proposal.
 */
@RestController
class ProposalController {

    /** A proposal as the API shows it; {@code amount} is the installment's, or the sum a retry would send again. */
    record ProposalView(long id, String kind, String status, String summary, long listId, String programme,
                        Long installmentId, Integer installment, Long voucherId, String beneficiaryId, String channel,
                        Amount amount, String location, String currentLocation, String reason, Long failedNow,
                        String proposedBy, Instant proposedAt, Instant expiresAt, String decidedBy, Instant decidedAt,
                        String decisionNote, String outcome) {
    }

    record Rejection(String reason) {
    }

    private final Proposals proposals;

    ProposalController(Proposals proposals) {
        this.proposals = proposals;
    }

    @GetMapping("/api/proposals")
    List<ProposalView> all(@RequestParam(required = false) ProposalStatus status, @RequestParam(required = false) Long list,
                           @RequestParam(defaultValue = "100") int limit) {
        return proposals.find(status, list, limit).stream().map(ProposalController::view).toList();
    }

    @GetMapping("/api/proposals/{id}")
    ProposalView one(@PathVariable long id) {
        return view(proposals.find(id).orElseThrow(() -> new ListNotFoundException("no proposal " + id)));
    }

    @PostMapping("/api/proposals/{id}/approve")
    ProposalView approve(@PathVariable long id, Principal user) {
        return view(proposals.approve(id, user.getName()));
    }

    @PostMapping("/api/proposals/{id}/reject")
    ProposalView reject(@PathVariable long id, @RequestBody(required = false) Rejection rejection, Principal user) {
        if (rejection == null || rejection.reason() == null || rejection.reason().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a rejection needs a reason: send {\"reason\": \"…\"}");
        }
        return view(proposals.reject(id, rejection.reason(), user.getName()));
    }

    /** 202 Accepted: the change waits for a second person, at {@code /api/proposals/{id}}. */
    static ResponseEntity<ProposalView> proposed(Proposal proposal) {
        return ResponseEntity.accepted().location(URI.create("/api/proposals/" + proposal.id())).body(view(proposal));
    }

    static ProposalView view(Proposal p) {
        Amount amount = p.amountMinor() == null || p.currency() == null ? null
                : Amount.of(new Money(p.amountMinor(), Currency.getInstance(p.currency())));
        return new ProposalView(p.id(), p.kind().name(), p.status().name(), p.summary(), p.listId(), p.programme(),
                p.installmentId(), p.installment(), p.voucherId(), p.beneficiaryId(), p.channel(), amount, p.location(),
                p.currentLocation(), p.reason(), p.failedNow(), p.proposedBy(), p.proposedAt(), p.expiresAt(),
                p.decidedBy(), p.decidedAt(), p.decisionNote(), p.outcome());
    }
}
