package org.opendisbursement.gateway.dispatch;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Lets a provider's callback in only when its URL carries the payout's own callback token and, when an allow-list is
 * configured ({@code callback-allow-list}: addresses or CIDR blocks), it comes from one of those addresses. The token
 * is an HMAC-SHA256 of the provider's name and the payout's reference under the provider's callback secret
 * ({@code disbursement.providers.<name>.callback-secret}), put by the adapter into the callback URL it gives the
 * provider for that payout: the secret itself never travels, a token opens the door for one payout only, and it is
 * checked (in constant time) before the body is read. The body is then read up to
 * {@code disbursement.callbacks.max-body-bytes} (64 KiB) and no further.
 */
@Component
public class CallbackGuard {

    private static final Base64.Encoder TOKEN_TEXT = Base64.getUrlEncoder().withoutPadding();

    /** A callback body larger than the cap: refused (413) without reading it all. */
    public static final class TooLarge extends Exception {
        TooLarge(long cap) {
            super("callback body over " + cap + " bytes");
        }
    }

    private final ProvidersProperties providers;
    private final int maxBodyBytes;

    public CallbackGuard(ProvidersProperties providers,
                         @Value("${disbursement.callbacks.max-body-bytes:65536}") int maxBodyBytes) {
        this.providers = providers;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The token of the payout under {@code reference} for {@code provider}'s callbacks: 43 URL-safe characters.
     *
     * @throws IllegalStateException when the provider has no callback secret (then it must not be given a callback
     *                               URL at all)
     */
    public String tokenFor(String provider, UUID reference) {
        String secret = providers.of(provider).map(ProviderSettings::callbackSecret).orElse(null);
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException(provider + " has callbacks but no callback-secret");
        }
        return token(secret, provider, reference);
    }

    /** The token itself, for adapters that build the callback URL from their settings. */
    public static String token(String secret, String provider, UUID reference) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return TOKEN_TEXT.encodeToString(mac.doFinal((provider + ":" + reference).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * @return true when the caller at {@code remoteAddress} may deliver a callback for {@code provider} about the payout
     * under {@code reference}, presenting {@code token}
     */
    public boolean admits(String provider, UUID reference, String token, String remoteAddress) {
        var settings = providers.of(provider).orElse(null);
        if (settings == null || settings.callbackSecret() == null || settings.callbackSecret().isBlank()
                || reference == null || token == null) {
            return false;
        }
        boolean tokenMatches = MessageDigest.isEqual(
                token(settings.callbackSecret(), provider, reference).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.UTF_8));
        return tokenMatches && (settings.callbackAllowList().isEmpty()
                || settings.callbackAllowList().stream().anyMatch(allowed -> matches(allowed, remoteAddress)));
    }

    /**
     * The parameters of a callback URL's query string (decoded; the first of a repeated name), read without touching
     * the body: servlet parameters would read a form-encoded body before the token is checked.
     */
    public static Map<String, String> query(String queryString) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return parameters;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /** The canonical text of a gateway reference as a UUID; null for anything else. */
    public static UUID reference(String text) {
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

    /**
     * Reads an admitted callback's body as UTF-8, refusing it before reading on when it declares, or turns out to have,
     * more than the cap.
     *
     * @param declaredLength the request's Content-Length, or -1 when it gave none
     */
    public String body(InputStream in, long declaredLength) throws IOException, TooLarge {
        if (declaredLength > maxBodyBytes) {
            throw new TooLarge(maxBodyBytes);
        }
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            throw new TooLarge(maxBodyBytes);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static boolean matches(String allowed, String address) {
        try {
            byte[] candidate = InetAddress.getByName(address).getAddress();
            String[] parts = allowed.strip().split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
            for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((candidate[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
