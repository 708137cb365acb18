package org.opendisbursement.gateway.providers.mtn;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.opendisbursement.gateway.dispatch.CallbackGuard;
import org.opendisbursement.gateway.dispatch.PayoutCallbacks;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * MTN's transfer callback: {@code POST} or {@code PUT /callbacks/mtn?reference=…&token=…} (the payout's own callback
 * token, {@link CallbackGuard}, checked before the body is read; the body then capped at 64 KiB) with the transfer body
 * the status query returns. MTN's callback names its transfer by {@code externalId} only (not the
 * {@code X-Reference-Id}); {@link MtnAdapter} sets it to the reference the transfer went under, so the payout is found
 * by it — also under a reference the installment has since left. A body whose {@code referenceId} (not MTN's field)
 * contradicts its {@code externalId} is refused. The status is mapped exactly as for a status query
 * ({@link MtnStatus}, with what the body reports: amount, currency, payee, externalId) and handed to
 * {@link PayoutCallbacks}, which compares it with the payout, and ignores repeats and late copies. MTN may send the
 * callback once or not at all, so dispatch polls as well.
 *
 * <p>Answers: 403 when {@link CallbackGuard} refuses the caller; 413 for a body over the cap; 400 for a body that is
 * not a transfer with a reference, or about another payout than its URL's; otherwise 200, also for an unknown reference or an installment already final (MTN sends once and
 * would gain nothing from an error).
 */
@RestController
class MtnCallbackController {

    static final String PATH = "/callbacks/mtn";
    private static final Logger LOG = LoggerFactory.getLogger(MtnCallbackController.class);

    private final CallbackGuard guard;
    private final PayoutCallbacks callbacks;
    private final JsonMapper json;

    MtnCallbackController(CallbackGuard guard, PayoutCallbacks callbacks, JsonMapper json) {
        this.guard = guard;
        this.callbacks = callbacks;
        this.json = json;
    }

    @RequestMapping(path = PATH, method = {RequestMethod.POST, RequestMethod.PUT})
    ResponseEntity<Void> transfer(HttpServletRequest request) throws IOException {
        Map<String, String> query = CallbackGuard.query(request.getQueryString());
        UUID payout = CallbackGuard.reference(query.get("reference"));
        if (!guard.admits(MtnAdapter.NAME, payout, query.get("token"), request.getRemoteAddr())) {
            LOG.warn("mtn callback refused: no valid token for its payout, or a caller outside the allow-list");
            return ResponseEntity.status(403).build();
        }
        String body;
        try {
            body = guard.body(request.getInputStream(), request.getContentLengthLong());
        } catch (CallbackGuard.TooLarge e) {
            LOG.warn("mtn callback for reference {} refused: {}", payout, e.getMessage());
            return ResponseEntity.status(413).build();
        }
        MtnMessages.TransferStatus transfer;
        try {
            transfer = body.isBlank() ? null : json.readValue(body, MtnMessages.TransferStatus.class);
        } catch (JacksonException | IllegalArgumentException e) {
            transfer = null;
        }
        UUID reference = transfer == null ? null : reference(transfer);
        if (reference == null) {
            LOG.warn("mtn callback ignored: the body is not a transfer with a reference");
            return ResponseEntity.badRequest().build();
        }
        if (!reference.equals(payout)) {
            LOG.warn("mtn callback for reference {} reports on {}: refused", payout, reference);
            return ResponseEntity.badRequest().build();
        }
        PayoutOutcome outcome = MtnStatus.outcome(transfer);
        if (outcome instanceof PayoutOutcome.Unknown) {
            LOG.warn("mtn callback for reference {} ignored: {}", reference, ((PayoutOutcome.Unknown) outcome).reason());
            return ResponseEntity.ok().build();
        }
        PayoutCallbacks.Applied applied = callbacks.apply(MtnAdapter.NAME, reference, outcome);
        LOG.info("mtn callback {} for reference {}: {} → {}", request.getMethod(), reference, outcome.kind(), applied);
        return ResponseEntity.ok().build();
    }

    /** The externalId as a UUID; the referenceId only when there is no externalId; null if they contradict. */
    private static UUID reference(MtnMessages.TransferStatus transfer) {
        UUID external = CallbackGuard.reference(transfer.externalId());
        UUID referenceId = CallbackGuard.reference(transfer.referenceId());
        if (external != null) {
            return referenceId == null || referenceId.equals(external) ? external : null;
        }
        boolean noExternalId = transfer.externalId() == null || transfer.externalId().isBlank();
        return noExternalId ? referenceId : null;
    }
}
