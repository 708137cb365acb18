package org.opendisbursement.gateway.sandbox;

import java.util.Map;

/**
 * The path each provider's adapter expects after the host, appended to its sandbox mock's address to make
 * {@code disbursement.providers.<name>.base-url}. One line per provider: when an adapter's base-url gains a path
 * (bKash's will end in {@code /v1.2.0-beta/checkout} once the mock serves the real paths), change its line here.
 */
final class SandboxBaseUrls {

    private static final Map<String, String> PATH = Map.of(
            "bkash", "",
            "nagad", "",
            "mpesa", "",
            "mtn", "");

    private SandboxBaseUrls() {
    }

    static String of(String provider, String mockBaseUrl) {
        return mockBaseUrl + PATH.getOrDefault(provider, "");
    }
}
