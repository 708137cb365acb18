package org.opendisbursement.gateway.providers.nagad;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.ErrorAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.HandshakeAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.HandshakeRequest;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.SessionSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Holds the one current Nagad session and opens a new one by the RSA handshake when there is none, it is older than
 * {@code disbursement.providers.nagad.session-max-age} (default 50 minutes), or a call found it refused
 * ({@link #discard}). Thread-safe: many payouts share the session; only one thread at a time performs a handshake,
 * the others wait for its result instead of starting their own. A failed handshake is answered again, without a new
 * attempt, to the calls of the next five seconds (no payout was sent, so they are retryable).
 *
 * <p>Handshake: {@code {merchantAggregatorId, requestDateTime, random, signature}} with signature =
 * Base64(SHA256withRSA(merchant private key, merchantAggregatorId + requestDateTime + random)); the answer's
 * {@code sensitiveData} is RSA-decrypted with the merchant private key, and its {@code signature} must verify with
 * Nagad's public key over the decrypted text, else the session is not used. A {@code DUPLICATE_RANDOM} refusal is
 * answered by one more handshake with a new random.
 */
@Component
class NagadSessions {

    private static final Logger log = LoggerFactory.getLogger(NagadSessions.class);
    private static final Duration FAILURE_HOLD = Duration.ofSeconds(5);

    private final ProviderHttp http;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration maxAge;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final Object handshakeLock = new Object();
    private volatile NagadSession current;
    private volatile NagadKeys keys;
    private volatile Failure lastFailure;

    /** The last failed handshake, answered again to callers for {@link #FAILURE_HOLD} instead of a new attempt. */
    private record Failure(String code, String reason, long atNanos) {
    }

    NagadSessions(ProviderHttp http, JsonMapper json, Clock clock,
                  @Value("${disbursement.providers.nagad.session-max-age:50m}") Duration maxAge) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The session to use now, opening one first when needed. */
    NagadSession current(ProviderSettings settings) throws NagadHandshakeFailed {
        NagadSession session = current;
        if (session != null && session.usableAt(clock.instant(), maxAge)) {
            return session;
        }
        synchronized (handshakeLock) {
            session = current;
            if (session != null && session.usableAt(clock.instant(), maxAge)) {
                return session;
            }
            current = null;
            Failure failed = lastFailure;
            if (failed != null && System.nanoTime() - failed.atNanos() < FAILURE_HOLD.toNanos()) {
                // Nagad just refused or did not answer: do not queue every waiting payout behind its own handshake
                throw new NagadHandshakeFailed(failed.code(), failed.reason());
            }
            try {
                session = handshake(settings);
            } catch (NagadHandshakeFailed e) {
                lastFailure = new Failure(e.outcome().code(), e.outcome().reason(), System.nanoTime());
                throw e;
            }
            lastFailure = null;
            current = session;
            return session;
        }
    }

    /** Forgets {@code refused} (Nagad no longer accepts it), unless another thread already replaced it. */
    void discard(NagadSession refused) {
        synchronized (handshakeLock) {
            if (current == refused) {
                current = null;
            }
        }
    }

    /** Forgets the current session (and a recent handshake failure); the next call opens a new one. */
    void discardAll() {
        synchronized (handshakeLock) {
            current = null;
            lastFailure = null;
        }
    }

    /** How many handshakes succeeded since start (for tests and diagnostics). */
    int handshakeCount() {
        return handshakes.get();
    }

    private NagadSession handshake(ProviderSettings settings) throws NagadHandshakeFailed {
        NagadKeys merchantKeys = keys(settings);
        String aggregatorId;
        String url;
        try {
            NagadProtocol.merchantId(settings);
            aggregatorId = NagadProtocol.aggregatorId(settings);
            url = NagadProtocol.url(settings, NagadProtocol.HANDSHAKE_PATH);
        } catch (IllegalStateException e) {
            throw configuration(e);
        }
        for (int round = 1; ; round++) {
            String requestDateTime = NagadProtocol.requestDateTime(clock);
            byte[] nonce = new byte[20];
            random.nextBytes(nonce);
            String randomText = HexFormat.of().formatHex(nonce);
            String signature = NagadCrypto.sign(merchantKeys.merchantPrivateKey(),
                    aggregatorId + requestDateTime + randomText);
            ProviderHttp.Answer answer;
            try {
                String body = json.writeValueAsString(
                        new HandshakeRequest(aggregatorId, requestDateTime, randomText, signature));
                answer = http.exchange("POST", url, NagadProtocol.headers(settings, null), body, settings);
            } catch (ProviderHttp.NotSent e) {
                throw new NagadHandshakeFailed("HANDSHAKE_NOT_SENT",
                        "Nagad could not be reached to open a session (" + e.getMessage() + "); nothing was sent");
            } catch (ProviderHttp.NoAnswer e) {
                throw new NagadHandshakeFailed("HANDSHAKE_NO_ANSWER",
                        "Nagad did not answer the session handshake (" + e.getMessage() + "); no payout was sent");
            } catch (JacksonException e) {
                throw new IllegalStateException("cannot write the handshake request", e);
            }
            if (answer.is2xx()) {
                NagadSession session = open(answer, merchantKeys);
                log.info("Nagad session opened (handshake #{})", handshakes.incrementAndGet());
                return session;
            }
            ErrorAnswer error = NagadOutcomes.error(json, answer.body());
            String reason = error.reason() == null ? "HTTP_" + answer.status() : error.reason();
            if ("DUPLICATE_RANDOM".equals(reason) && round == 1) {
                continue;
            }
            log.warn("Nagad refused the session handshake: HTTP {} {}", answer.status(), reason);
            throw new NagadHandshakeFailed(reason, NagadOutcomes.handshakeRefusal(answer.status(), reason));
        }
    }

    private NagadSession open(ProviderHttp.Answer answer, NagadKeys merchantKeys) throws NagadHandshakeFailed {
        String apiKey = answer.header("X-KM-Api-Key");
        String secretText;
        HandshakeAnswer body;
        try {
            body = json.readValue(answer.body(), HandshakeAnswer.class);
            secretText = NagadCrypto.rsaDecrypt(merchantKeys.merchantPrivateKey(), body.sensitiveData());
        } catch (JacksonException | IllegalArgumentException | NagadCrypto.CryptoFailure e) {
            log.error("Nagad handshake answer unreadable: {}", e.getClass().getSimpleName());
            throw new NagadHandshakeFailed("HANDSHAKE_UNREADABLE", "Nagad's session answer could not be decrypted with"
                    + " the merchant private key; check merchant-private-key-pem");
        }
        if (!NagadCrypto.verify(merchantKeys.nagadPublicKey(), secretText, body.signature())) {
            log.error("Nagad handshake answer is not signed by the configured Nagad public key: session not used");
            throw new NagadHandshakeFailed("HANDSHAKE_SIGNATURE", "The session answer does not carry Nagad's signature;"
                    + " check nagad-public-key-pem. The session was not used");
        }
        try {
            SessionSecret secret = json.readValue(secretText, SessionSecret.class);
            byte[] key = Base64.getDecoder().decode(secret.key());
            byte[] iv = Base64.getDecoder().decode(secret.iv());
            if (apiKey == null || apiKey.isBlank() || secret.keyId() == null || secret.challenge() == null
                    || (key.length != 16 && key.length != 24 && key.length != 32) || iv.length != 16) {
                throw new IllegalArgumentException("incomplete session secret");
            }
            return new NagadSession(apiKey, key, iv, secret.keyId(), secret.challenge(), clock.instant());
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            log.error("Nagad handshake answer incomplete: {}", e.getClass().getSimpleName());
            throw new NagadHandshakeFailed("HANDSHAKE_INCOMPLETE",
                    "Nagad's session answer lacks the API key, AES key, iv, key id or challenge");
        }
    }

    private NagadKeys keys(ProviderSettings settings) throws NagadHandshakeFailed {
        NagadKeys loaded = keys;
        if (loaded == null) {
            try {
                loaded = NagadKeys.from(settings);
            } catch (RuntimeException e) {
                throw configuration(e);
            }
            keys = loaded;
        }
        return loaded;
    }

    private static NagadHandshakeFailed configuration(RuntimeException e) {
        log.error("Nagad is not configured: {}", e.getMessage());
        return new NagadHandshakeFailed("NOT_CONFIGURED",
                "The gateway's Nagad settings are incomplete (" + e.getMessage() + "); nothing was sent");
    }
}
