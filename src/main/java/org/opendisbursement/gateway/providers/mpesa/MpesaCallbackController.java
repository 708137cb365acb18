package org.opendisbursement.gateway.providers.mpesa;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where M-Pesa POSTs what it decided, under {@code /callbacks/b2c-ke} (Daraja advises against "mpesa" and "query" in
 * callback URLs): {@code /result} (the B2C result), {@code /timeout} (the payout request echoed back: it timed out in
 * Safaricom's queue), {@code /status} and {@code /status-timeout} (the answer to a status query, or its queue timeout,
 * with {@code reference} in the URL). Each URL names its payout and carries that payout's callback token
 * ({@code ?reference=…&token=…}, checked by {@link CallbackGuard} before the body is read: 403 otherwise; the body is
 * then capped at 64 KiB: 413 beyond), and the body must be about that payout; its outcome goes to
 * {@link PayoutCallbacks#apply}, which is idempotent. A valid caller always gets
 * {@code 200 {"ResultCode":0,"ResultDesc":"Accepted"}}, also for a repeated callback or a reference that is not ours;
 * only an unreadable body gets 400. Bodies are never logged: they hold the recipient's number, name and ID.
 */
@RestController
@RequestMapping(MpesaCallbackController.BASE_PATH)
class MpesaCallbackController {

    static final String BASE_PATH = "/callbacks/b2c-ke";

    /** Daraja's expected acknowledgement of a callback. */
    record Acknowledgement(@JsonProperty("ResultCode") int resultCode, @JsonProperty("ResultDesc") String resultDesc) {
    }

    /** A callback read: the payout it is about (null when it names none) and what it says. */
    record Reading(UUID reference, PayoutOutcome outcome) {
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
    ResponseEntity<Acknowledgement> result(HttpServletRequest request) throws IOException {
        return handle("result", request, body -> readResult(json, body));
    }

    @PostMapping("/timeout")
    ResponseEntity<Acknowledgement> timeout(HttpServletRequest request) throws IOException {
        return handle("queue-timeout", request, body -> readTimeout(json, body));
    }

    @PostMapping("/status")
    ResponseEntity<Acknowledgement> status(HttpServletRequest request) throws IOException {
        String queried = CallbackGuard.query(request.getQueryString()).get("reference");
        return handle("status", request, body -> readStatus(json, queried, body));
    }

    @PostMapping("/status-timeout")
    ResponseEntity<Acknowledgement> statusTimeout(HttpServletRequest request) {
        Map<String, String> query = CallbackGuard.query(request.getQueryString());
        UUID payout = CallbackGuard.reference(query.get("reference"));
        if (!guard.admits(MpesaAdapter.NAME, payout, query.get("token"), request.getRemoteAddr())) {
            return forbidden("status-timeout");
        }
        // only the status query timed out: nothing is learned about the payout, the dispatch will ask again; the body
        // is not read at all
        log.info("mpesa status query for {} timed out in M-Pesa's queue", payout);
        return accepted();
    }

    /**
     * The token of the payout named in the URL is checked before anything is read; then the body, up to the cap; then
     * it must be about that same payout.
     */
    private ResponseEntity<Acknowledgement> handle(String kind, HttpServletRequest request,
                                                   Function<String, Reading> reader) throws IOException {
        Map<String, String> query = CallbackGuard.query(request.getQueryString());
        UUID payout = CallbackGuard.reference(query.get("reference"));
        if (!guard.admits(MpesaAdapter.NAME, payout, query.get("token"), request.getRemoteAddr())) {
            return forbidden(kind);
        }
        Reading reading;
        try {
            reading = reader.apply(guard.body(request.getInputStream(), request.getContentLengthLong()));
        } catch (CallbackGuard.TooLarge e) {
            log.warn("mpesa {} callback for {} refused: {}", kind, payout, e.getMessage());
            return ResponseEntity.status(413).build();
        }
        if (reading == null) {
            return unreadable(kind);
        }
        if (reading.reference() == null) {
            log.warn("mpesa {} callback without a gateway reference; ignored", kind);
            return accepted();
        }
        if (!reading.reference().equals(payout)) {
            log.warn("mpesa {} callback for {} reports on {}; ignored", kind, payout, reading.reference());
            return accepted();
        }
        apply(kind, reading.reference(), reading.outcome());
        return accepted();
    }

    // ---------------------------------------------------------------- reading (pure; tests use these too)

    /** A ResultURL body; null when unreadable. */
    static Reading readResult(JsonMapper json, String body) {
        Callback callback = parse(json, body);
        if (callback == null || callback.result() == null) {
            return null;
        }
        Result result = callback.result();
        return new Reading(CallbackGuard.reference(result.originatorConversationId()), MpesaResults.ofResult(result));
    }

    /**
     * A QueueTimeOutURL body: the original request echoed back (its {@code OriginatorConversationID} is the
     * reference), or a Result envelope; either way Unknown. Null when unreadable.
     */
    static Reading readTimeout(JsonMapper json, String body) {
        Callback callback = parse(json, body);
        if (callback == null) {
            return null;
        }
        if (callback.isEchoedRequest()) {
            return new Reading(CallbackGuard.reference(callback.originatorConversationId()), MpesaResults.ofQueueTimeout(null));
        }
        if (callback.result() == null) {
            return null;
        }
        Result result = callback.result();
        return new Reading(CallbackGuard.reference(result.originatorConversationId()), MpesaResults.ofQueueTimeout(result.resultDesc()));
    }

    /**
     * A status query's ResultURL body; the reference comes from the URL ({@code queried}) or the answer's
     * {@code OriginatorConversationID} parameter. When both are present and differ, nothing is applied (reference
     * null). Null when unreadable.
     */
    static Reading readStatus(JsonMapper json, String queried, String body) {
        Callback callback = parse(json, body);
        if (callback == null || callback.result() == null) {
            return null;
        }
        Result result = callback.result();
        UUID fromUrl = CallbackGuard.reference(queried);
        UUID fromBody = CallbackGuard.reference(result.parameter("OriginatorConversationID"));
        if (fromUrl != null && fromBody != null && !fromUrl.equals(fromBody)) {
            log.warn("mpesa status callback for {} reports on {}; ignored", fromUrl, fromBody);
            return new Reading(null, MpesaResults.ofStatus(result));
        }
        return new Reading(fromUrl != null ? fromUrl : fromBody, MpesaResults.ofStatus(result));
    }

    private void apply(String kind, UUID reference, PayoutOutcome outcome) {
        PayoutCallbacks.Applied applied = callbacks.apply(MpesaAdapter.NAME, reference, outcome);
        log.info("mpesa {} callback for {}: {} → {}", kind, reference, outcome.describe(), applied);
    }

    private static Callback parse(JsonMapper json, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readValue(body, Callback.class);
        } catch (JacksonException e) {
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
