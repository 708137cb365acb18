package org.opendisbursement.gateway.providers.mpesa;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.opendisbursement.gateway.dispatch.CallbackGuard;
import org.opendisbursement.gateway.dispatch.PayoutCallbacks;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.Callback;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where M-Pesa POSTs what it decided: {@code /callbacks/mpesa/result} (the B2C result), {@code /timeout} (the request
 * timed out in M-Pesa's queue) and {@code /status} (the answer to a status query, with {@code reference} in the URL).
 * Each call must present the callback secret ({@code ?secret=}, checked by {@link CallbackGuard}: 403 otherwise); its
 * outcome goes to {@link PayoutCallbacks#apply}, which is idempotent. A valid caller always gets
 * {@code 200 {"ResultCode":0,"ResultDesc":"Accepted"}}, also for a repeated callback or a reference that is not ours;
 * only an unreadable body gets 400. Bodies are never logged: they hold the recipient's number and name.
 */
@RestController
@RequestMapping(MpesaCallbackController.BASE_PATH)
class MpesaCallbackController {

    static final String BASE_PATH = "/callbacks/mpesa";

    /** Daraja's expected acknowledgement of a callback. */
    record Acknowledgement(@JsonProperty("ResultCode") int resultCode, @JsonProperty("ResultDesc") String resultDesc) {
    }

    private static final Logger log = LoggerFactory.getLogger(MpesaCallbackController.class);
    private static final Acknowledgement ACCEPTED = new Acknowledgement(0, "Accepted");

    private final CallbackGuard guard;
    private final PayoutCallbacks callbacks;
    private final JsonMapper json;

    MpesaCallbackController(CallbackGuard guard, PayoutCallbacks callbacks, JsonMapper json) {
        this.guard = guard;
        this.callbacks = callbacks;
        this.json = json;
    }

    @PostMapping("/result")
    ResponseEntity<Acknowledgement> result(@RequestParam(name = "secret", required = false) String secret,
                                           @RequestBody(required = false) String body, HttpServletRequest request) {
        if (!guard.admits(MpesaAdapter.NAME, secret, request)) {
            return forbidden("result");
        }
        Result result = parse(body);
        if (result == null) {
            return unreadable("result");
        }
        UUID reference = uuid(result.originatorConversationId());
        if (reference == null) {
            log.warn("mpesa result callback without a gateway reference (ConversationID {}); ignored",
                    result.conversationId());
            return accepted();
        }
        apply("result", reference, MpesaResults.ofResult(result));
        return accepted();
    }

    @PostMapping("/timeout")
    ResponseEntity<Acknowledgement> timeout(@RequestParam(name = "secret", required = false) String secret,
                                            @RequestParam(name = "kind", required = false) String kind,
                                            @RequestParam(name = "reference", required = false) String queried,
                                            @RequestBody(required = false) String body, HttpServletRequest request) {
        if (!guard.admits(MpesaAdapter.NAME, secret, request)) {
            return forbidden("timeout");
        }
        Result result = parse(body);
        if (result == null) {
            return unreadable("timeout");
        }
        if ("status-query".equals(kind)) {
            // only the status query timed out: nothing is learned about the payout, the dispatch will ask again
            log.info("mpesa status query for {} timed out in M-Pesa's queue", uuid(queried));
            return accepted();
        }
        UUID reference = uuid(result.originatorConversationId());
        if (reference == null) {
            log.warn("mpesa queue-timeout callback without a gateway reference (ConversationID {}); ignored",
                    result.conversationId());
            return accepted();
        }
        apply("queue-timeout", reference, MpesaResults.ofQueueTimeout(result));
        return accepted();
    }

    @PostMapping("/status")
    ResponseEntity<Acknowledgement> status(@RequestParam(name = "secret", required = false) String secret,
                                           @RequestParam(name = "reference", required = false) String queried,
                                           @RequestBody(required = false) String body, HttpServletRequest request) {
        if (!guard.admits(MpesaAdapter.NAME, secret, request)) {
            return forbidden("status");
        }
        Result result = parse(body);
        if (result == null) {
            return unreadable("status");
        }
        UUID fromUrl = uuid(queried);
        UUID fromBody = uuid(result.parameter("OriginatorConversationID"));
        if (fromUrl != null && fromBody != null && !fromUrl.equals(fromBody)) {
            log.warn("mpesa status callback for {} reports on {}; ignored", fromUrl, fromBody);
            return accepted();
        }
        UUID reference = fromUrl != null ? fromUrl : fromBody;
        if (reference == null) {
            log.warn("mpesa status callback without a gateway reference (ConversationID {}); ignored",
                    result.conversationId());
            return accepted();
        }
        apply("status", reference, MpesaResults.ofStatus(result));
        return accepted();
    }

    private void apply(String kind, UUID reference, PayoutOutcome outcome) {
        PayoutCallbacks.Applied applied = callbacks.apply(MpesaAdapter.NAME, reference, outcome);
        log.info("mpesa {} callback for {}: {} → {}", kind, reference, outcome.describe(), applied);
    }

    private Result parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            Callback callback = json.readValue(body, Callback.class);
            return callback == null ? null : callback.result();
        } catch (JacksonException e) {
            return null;
        }
    }

    private static UUID uuid(String text) {
        if (text == null) {
            return null;
        }
        try {
            UUID reference = UUID.fromString(text.strip());
            // UUID.fromString accepts shortened forms; only the canonical text is a gateway reference
            return reference.toString().equalsIgnoreCase(text.strip()) ? reference : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }


    private static ResponseEntity<Acknowledgement> accepted() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ACCEPTED);
    }

    private static ResponseEntity<Acknowledgement> forbidden(String kind) {
        log.warn("mpesa {} callback refused: wrong secret or address", kind);
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_JSON)
                .body(new Acknowledgement(1, "Forbidden"));
    }

    private static ResponseEntity<Acknowledgement> unreadable(String kind) {
        log.warn("mpesa {} callback with an unreadable body; refused", kind);
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(new Acknowledgement(1, "Unreadable body"));
    }
}
