package org.opendisbursement.gateway.sandbox;

import java.util.Map;

/**
 * The path each provider's adapter expects after the host, appended to its sandbox mock's address to make
 * {@code disbursement.providers.<name>.base-url}. One line per provider (bKash's Checkout root ends in
 * {@code /v1.2.0-beta/checkout}, as the real one does).
 */
final class SandboxBaseUrls {

    private static final Map<String, String> PATH = Map.of(
            "bkash", "/v1.2.0-beta/checkout",
            "nagad", "",
            "mpesa", "",
            "mtn", "");

    private SandboxBaseUrls() {
    }

    static String of(String provider, String mockBaseUrl) {
        return mockBaseUrl + PATH.getOrDefault(provider, "");
    }
}
