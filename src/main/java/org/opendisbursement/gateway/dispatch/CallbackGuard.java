package org.opendisbursement.gateway.dispatch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/**
 * Lets a provider's callback in only when it presents the provider's callback secret
 * ({@code disbursement.providers.<name>.callback-secret}, compared in constant time) and, when an allow-list is
 * configured ({@code callback-allow-list}: addresses or CIDR blocks), comes from one of those addresses.
 */
@Component
public class CallbackGuard {

    private final ProvidersProperties providers;

    public CallbackGuard(ProvidersProperties providers) {
        this.providers = providers;
    }

    /** @return true when the caller at {@code remoteAddress} may deliver a callback for {@code provider} */
    public boolean admits(String provider, String presentedSecret, String remoteAddress) {
        var settings = providers.of(provider).orElse(null);
        if (settings == null || settings.callbackSecret() == null || settings.callbackSecret().isBlank()
                || presentedSecret == null) {
            return false;
        }
        boolean secretMatches = MessageDigest.isEqual(settings.callbackSecret().getBytes(StandardCharsets.UTF_8),
                presentedSecret.getBytes(StandardCharsets.UTF_8));
        return secretMatches && (settings.callbackAllowList().isEmpty()
                || settings.callbackAllowList().stream().anyMatch(allowed -> matches(allowed, remoteAddress)));
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
