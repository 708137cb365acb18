package org.opendisbursement.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.money.Amount;
import org.opendisbursement.gateway.proposals.Proposals;
import org.opendisbursement.gateway.system.AccessRules;
import org.opendisbursement.gateway.system.BodyTooLargeException;
import org.opendisbursement.gateway.system.GatewayLimits;
import org.opendisbursement.gateway.vouchers.BulkRedemptions;
import org.opendisbursement.gateway.vouchers.Redemption;
import org.opendisbursement.gateway.vouchers.Redemptions;
import org.opendisbursement.gateway.vouchers.VoucherLifecycle;
import org.opendisbursement.gateway.vouchers.VoucherPrinting;
import org.opendisbursement.gateway.vouchers.VoucherQueries;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * Cash vouchers over HTTP: print a distribution point's sheet, list a list's vouchers, redeem, upload; propose a
 * cancel or a reissue elsewhere (four eyes), reissue at the same point.
 */
@RestController
class VoucherController {

    record RedeemRequest(String code, String qr, String location) {
    }

    record Paid(long voucherId, long listId, long installmentId, int installment, String beneficiaryId, String fullName,
                Amount amount, String location, Instant redeemedAt, String redeemedBy, String code,
                String installmentState) {
    }

    record Reason(String reason, String location) {
    }

    private final VoucherPrinting printing;
    private final VoucherQueries queries;
    private final Redemptions redemptions;
    private final BulkRedemptions bulk;
    private final VoucherLifecycle lifecycle;
    private final GatewayLimits limits;
    private final Proposals proposals;
    private final Clock clock;

    VoucherController(VoucherPrinting printing, VoucherQueries queries, Redemptions redemptions, BulkRedemptions bulk,
                      VoucherLifecycle lifecycle, GatewayLimits limits, Proposals proposals, Clock clock) {
        this.printing = printing;
        this.queries = queries;
        this.redemptions = redemptions;
        this.bulk = bulk;
        this.lifecycle = lifecycle;
        this.limits = limits;
        this.proposals = proposals;
        this.clock = clock;
    }

    /**
     * Prints the vouchers of one distribution point: the first print makes their codes; {@code reprint=true} voids the
     * codes of the unpaid ones and prints new ones. Both change state, so both are POSTs (never a link a browser or
     * another site could follow). Finance staff only.
     */
    @PostMapping("/api/payment-lists/{id}/installments/{number}/vouchers.pdf")
    ResponseEntity<byte[]> print(@PathVariable long id, @PathVariable int number,
                                 @RequestParam(required = false) String location,
                                 @RequestParam(defaultValue = "false") boolean reprint, Principal user) {
        VoucherPrinting.Mode mode = reprint ? VoucherPrinting.Mode.REPRINT : VoucherPrinting.Mode.PRINT;
        return pdf(id, number, mode, printing.print(id, number, location, user.getName(), mode));
    }

    /**
     * The register of one distribution point, marked COPY (states, no codes): changes nothing. Printing is a POST: a
     * GET that asks for a print ({@code reprint=true}, or finance staff without {@code copy=true}) is answered 405.
     */
    @GetMapping("/api/payment-lists/{id}/installments/{number}/vouchers.pdf")
    ResponseEntity<?> copy(@PathVariable long id, @PathVariable int number, @RequestParam(required = false) String location,
                           @RequestParam(defaultValue = "false") boolean reprint,
                           @RequestParam(defaultValue = "false") boolean copy, Authentication user) {
        boolean finance = has(user, AccessRules.MAKER) || has(user, AccessRules.CHECKER);
        if (reprint || finance && !copy) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, (reprint
                    ? "a reprint voids the codes of the unpaid vouchers" : "printing makes the vouchers' codes")
                    + ", so it is a POST: POST /api/payment-lists/" + id + "/installments/" + number + "/vouchers.pdf?location=…"
                    + (reprint ? "&reprint=true" : "") + ". GET with copy=true gives the register, marked COPY, and changes nothing");
            problem.setTitle("Printing is a POST");
            return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, "GET, POST")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return pdf(id, number, VoucherPrinting.Mode.COPY,
                printing.print(id, number, location, user.getName(), VoucherPrinting.Mode.COPY));
    }

    private static ResponseEntity<byte[]> pdf(long id, int number, VoucherPrinting.Mode mode, VoucherPrinting.Printed printed) {
        String file = printed.fileName(id, number, mode);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(file, StandardCharsets.UTF_8).build().toString())
                .header("X-Vouchers-Printed", Integer.toString(printed.vouchers()))
                .body(printed.pdf());
    }

    @GetMapping("/api/payment-lists/{id}/vouchers")
    List<VoucherQueries.VoucherView> vouchers(@PathVariable long id, @RequestParam(required = false) Integer installment,
                                              @RequestParam(required = false) String location,
                                              @RequestParam(required = false) String state) {
        return queries.of(id, installment, location, state);
    }

    @PostMapping("/api/vouchers/redeem")
    ResponseEntity<?> redeem(@RequestBody(required = false) RedeemRequest request, Principal agent) {
        String code = request == null ? null : request.code() != null && !request.code().isBlank() ? request.code() : request.qr();
        if (code == null || code.isBlank() || request.location() == null || request.location().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "send {\"code\": \"<the voucher code or the QR code's text>\","
                    + " \"location\": \"<where you are paying>\"}");
        }
        Redemption outcome = redemptions.redeem(new Redemptions.Request(code, request.location(), agent.getName(), null,
                agent.getName(), null));
        if (outcome instanceof Redemption.Paid paid) {
            return ResponseEntity.ok(new Paid(paid.voucherId(), paid.listId(), paid.installmentId(), paid.installment(),
                    paid.beneficiaryId(), paid.fullName(), Amount.of(paid.amount()),
                    paid.location(), paid.redeemedAt(), paid.redeemedBy(), paid.code(), "CONFIRMED"));
        } else if (outcome instanceof Redemption.Refused refused) {
            return refusal(refused);
        }
        throw new IllegalStateException("unexpected outcome " + outcome);
    }

    @PostMapping(value = "/api/vouchers/redeem-bulk", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    BulkRedemptions.Report bulk(@RequestParam("file") MultipartFile file, @RequestParam(required = false) String location,
                                Authentication user) throws IOException {
        long cap = limits.bulkRedemptionSize().toBytes();
        if (file.getSize() > cap) {
            throw new BodyTooLargeException(cap);
        }
        try (InputStream in = file.getInputStream()) {
            return bulk.upload(in, location, user.getName(), !has(user, AccessRules.CHECKER));
        }
    }

    /** The CSV as the body, read as it arrives (never whole into memory), at most {@code bulk-redemption-size}. */
    @PostMapping(value = "/api/vouchers/redeem-bulk", consumes = "text/csv")
    BulkRedemptions.Report bulk(HttpServletRequest request, @RequestParam(required = false) String location,
                                Authentication user) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return bulk.upload(in, location, user.getName(), !has(user, AccessRules.CHECKER));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BodyTooLargeException tooLarge) {
                throw tooLarge;
            }
            throw e;
        }
    }

    /** Proposes cancelling an unpaid voucher: 202 with the proposal, which a second person approves. */
    @PostMapping("/api/vouchers/{id}/cancel")
    ResponseEntity<ProposalController.ProposalView> cancel(@PathVariable long id,
                                                           @RequestBody(required = false) Reason reason, Principal user) {
        return ProposalController.proposed(proposals.proposeCancel(id, required(reason), user.getName()));
    }

    /**
     * Reissue: at the same distribution point a finance checker reissues at once (200, as a reprint: no money goes to
     * a new place); to another point, or asked by a finance maker, it is proposed (202) for a second person.
     */
    @PostMapping("/api/vouchers/{id}/reissue")
    ResponseEntity<?> reissue(@PathVariable long id, @RequestBody(required = false) Reason reason, Authentication user) {
        String why = required(reason);
        if (has(user, AccessRules.CHECKER) && !proposals.reissueMovesElsewhere(id, reason.location())) {
            return ResponseEntity.ok(lifecycle.reissue(id, why, reason.location(), user.getName()));
        }
        return ProposalController.proposed(proposals.proposeReissue(id, why, reason.location(), user.getName()));
    }

    private static String required(Reason reason) {
        if (reason == null || reason.reason() == null || reason.reason().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "say why: send {\"reason\": \"…\"}");
        }
        return reason.reason().strip();
    }

    private ResponseEntity<ProblemDetail> refusal(Redemption.Refused refused) {
        HttpStatus status = HttpStatus.valueOf(refused.reason().status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refused.detail());
        problem.setTitle(title(refused.reason()));
        problem.setProperty("reason", refused.reason().name());
        refused.facts().forEach(problem::setProperty);
        var answer = ResponseEntity.status(status);
        if (refused.facts().get("lockedUntil") instanceof Instant until) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, Duration.between(clock.instant(), until).toSeconds())));
        }
        return answer.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String title(Redemption.Refusal reason) {
        return switch (reason) {
            case MISTYPED -> "Mistyped code";
            case UNKNOWN_CODE -> "Unknown code";
            case ALREADY_REDEEMED -> "Already redeemed";
            case EXPIRED -> "Voucher expired";
            case CANCELLED -> "Voucher cancelled";
            case VOID -> "Code no longer valid";
            case WRONG_LOCATION -> "Wrong distribution point";
            case LOCKED_OUT -> "Locked out";
            case INVALID -> "Cannot be read";
        };
    }

    private static boolean has(Authentication user, String role) {
        return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(("ROLE_" + role)::equals);
    }
}
