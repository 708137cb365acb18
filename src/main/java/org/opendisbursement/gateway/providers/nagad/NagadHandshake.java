package org.opendisbursement.gateway.providers.nagad;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.ErrorAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.HandshakeAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.HandshakeRequest;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.SessionSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opens one Nagad session by the RSA handshake, for one payout: the challenge it returns is single-use (the public
 * client handshakes for every payment), so no session is kept or shared. Handshake:
 * {@code {merchantAggregatorId, requestDateTime, random (20 digits), signature}} with signature =
 * Base64(SHA256withRSA(merchant private key, merchantAggregatorId + requestDateTime + random)); the answer's
 * {@code sensitiveData} is RSA-decrypted with the merchant private key, and its {@code signature} must verify with
 * Nagad's public key over the decrypted text, else the session is not used. An answer without
 * {@code sensitiveData} is a refusal, whatever its HTTP status.
 */
@Component
class NagadHandshake {

    private static final Logger log = LoggerFactory.getLogger(NagadHandshake.class);

    private final ProviderHttp http;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger handshakes = new AtomicInteger();
    private volatile KeysFor keys;

    /** The keys read for one settings object (settings are immutable records; tests use their own). */
    private record KeysFor(ProviderSettings settings, NagadKeys keys) {
    }

    NagadHandshake(ProviderHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    /** How many handshakes succeeded since start (for tests and diagnostics). */
    int count() {
        return handshakes.get();
    }

    /** The merchant's keys for {@code settings}, read once. */
    NagadKeys keys(ProviderSettings settings) throws NagadHandshakeFailed {
        KeysFor loaded = keys;
        if (loaded != null && loaded.settings() == settings) {
            return loaded.keys();
        }
        try {
            NagadKeys read = NagadKeys.from(settings);
            keys = new KeysFor(settings, read);
            return read;
        } catch (RuntimeException e) {
            throw configuration(e);
        }
    }

    /** A fresh session whose handshake carried {@code requestDateTime} (the payout repeats it). */
    NagadSession open(ProviderSettings settings, String requestDateTime) throws NagadHandshakeFailed {
        NagadKeys merchantKeys = keys(settings);
        String aggregatorId;
        String url;
        java.util.Map<String, String> headers;
        try {
            aggregatorId = NagadProtocol.aggregatorId(settings);
            url = NagadProtocol.url(settings, NagadProtocol.HANDSHAKE_PATH);
            headers = NagadProtocol.headers(settings, null);
        } catch (IllegalStateException e) {
            throw configuration(e);
        }
        String nonce = NagadProtocol.random(random);
        String signature = NagadCrypto.sign(merchantKeys.merchantPrivateKey(), aggregatorId + requestDateTime + nonce);
        ProviderHttp.Answer answer;
        try {
            String body = json.writeValueAsString(new HandshakeRequest(aggregatorId, requestDateTime, nonce, signature));
            answer = http.exchange("POST", url, headers, body, settings);
        } catch (ProviderHttp.NotSent e) {
            throw NagadHandshakeFailed.retryable("HANDSHAKE_NOT_SENT",
                    "Nagad could not be reached to open a session (" + e.getMessage() + "); nothing was sent");
        } catch (ProviderHttp.NoAnswer e) {
            throw NagadHandshakeFailed.retryable("HANDSHAKE_NO_ANSWER",
                    "Nagad did not answer the session handshake (" + e.getMessage() + "); no payout was sent");
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write the handshake request", e);
        }
        HandshakeAnswer body = NagadOutcomes.read(json, answer.body(), HandshakeAnswer.class);
        if (body == null || body.sensitiveData() == null || body.sensitiveData().isBlank()) {
            ErrorAnswer error = NagadOutcomes.error(json, answer.body());
            log.warn("Nagad refused the session handshake: HTTP {} {}", answer.status(), error.reason());
            throw NagadOutcomes.handshakeRefusal(answer.status(), error);
        }
        NagadSession session = open(answer, body, merchantKeys, requestDateTime);
        handshakes.incrementAndGet();
        return session;
    }

    private NagadSession open(ProviderHttp.Answer answer, HandshakeAnswer body, NagadKeys merchantKeys,
                              String requestDateTime) throws NagadHandshakeFailed {
        String secretText;
        try {
            secretText = NagadCrypto.rsaDecrypt(merchantKeys.merchantPrivateKey(), body.sensitiveData());
        } catch (NagadCrypto.CryptoFailure e) {
            log.error("Nagad handshake answer could not be decrypted with the merchant private key");
            throw NagadHandshakeFailed.accountFault("HANDSHAKE_UNREADABLE", "Nagad's session answer could not be"
                    + " decrypted with the merchant private key; check merchant-private-key-pem. Nothing was sent");
        }
        if (!NagadCrypto.verify(merchantKeys.nagadPublicKey(), secretText, body.signature())) {
            log.error("Nagad handshake answer is not signed by the configured Nagad public key: session not used");
            throw NagadHandshakeFailed.accountFault("HANDSHAKE_SIGNATURE", "The session answer does not carry"
                    + " Nagad's signature; check nagad-public-key-pem. The session was not used, nothing was sent");
        }
        String apiKey = answer.header("X-KM-Api-Key");
        try {
            SessionSecret secret = json.readValue(secretText, SessionSecret.class);
            byte[] key = Base64.getDecoder().decode(secret.key());
            byte[] iv = Base64.getDecoder().decode(secret.iv());
            if (apiKey == null || apiKey.isBlank() || secret.keyId() == null || secret.challenge() == null
                    || (key.length != 16 && key.length != 24 && key.length != 32) || iv.length != 16) {
                throw new IllegalArgumentException("incomplete session secret");
            }
            return new NagadSession(apiKey, key, iv, secret.keyId(), secret.challenge(), requestDateTime);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            log.error("Nagad handshake answer incomplete: {}", e.getClass().getSimpleName());
            throw NagadHandshakeFailed.retryable("HANDSHAKE_INCOMPLETE",
                    "Nagad's session answer lacks the API key, AES key, iv, key id or challenge; nothing was sent");
        }
    }

    private static NagadHandshakeFailed configuration(RuntimeException e) {
        log.error("Nagad is not configured: {}", e.getMessage());
        return NagadHandshakeFailed.accountFault("NOT_CONFIGURED",
                "The gateway's Nagad settings are incomplete (" + e.getMessage() + "); nothing was sent");
    }
}
