package org.opendisbursement.gateway.sandbox;

import java.util.List;
import java.util.Map;

/**
 * Which providers are SANDBOX in this process: mock providers of {@code mock-providers/} started by the gateway
 * itself because nothing configured a real one (see {@link SandboxProviders}). Payouts to them move no real money.
 * Empty under {@code prod} and for every provider given a {@code base-url}.
 */
public final class Sandbox {

    private final Map<String, String> baseUrls;

    Sandbox(Map<String, String> baseUrls) {
        this.baseUrls = Map.copyOf(baseUrls);
    }

    /** The sandboxed providers' names ({@code bkash}, {@code nagad} …), sorted. */
    public List<String> providers() {
        return baseUrls.keySet().stream().sorted().toList();
    }

    public boolean isSandbox(String provider) {
        return baseUrls.containsKey(provider);
    }

    public boolean active() {
        return !baseUrls.isEmpty();
    }
}
