package org.opendisbursement.gateway.providers.mtn;

import java.util.Locale;
import java.util.Map;

/**
 * MTN's error codes on a refused request (HTTP 400), in words an operator can act on. Every one is the gateway's
 * set-up, never the beneficiary's (MTN creates no transfer on 400): {@code INVALID_CALLBACK_URL_HOST} (the callback
 * host is not the one registered for the API user), {@code INVALID_CURRENCY} (the currency is not the target
 * environment's; the sandbox takes EUR only), {@code NOT_ALLOWED_TARGET_ENVIRONMENT} (the API user may not use this
 * {@code X-Target-Environment}), and a malformed request (headers, reference not a UUID v4, a field too long).
 */
final class MtnErrors {

    private static final Map<String, String> CONFIGURATION = Map.of(
            "INVALID_CALLBACK_URL_HOST", "MTN refused the callback URL: its host is not the one registered for the API"
                    + " user (fix callback-base-url or the API user's providerCallbackHost)",
            "INVALID_CURRENCY", "MTN refused the currency for this target environment (the sandbox takes EUR only)",
            "NOT_ALLOWED_TARGET_ENVIRONMENT", "MTN does not allow this API user on the configured"
                    + " target-environment",
            "NOT_ALLOWED", "MTN does not allow this API user to make transfers");

    private MtnErrors() {
    }

    static String configurationFault(String code) {
        String known = code == null ? null : CONFIGURATION.get(code.toUpperCase(Locale.ROOT));
        return known != null ? known : "MTN refused the request as malformed (" + code + "): the gateway or its"
                + " configuration is at fault";
    }
}
