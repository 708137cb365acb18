package org.opendisbursement.gateway.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderCalls;
import org.opendisbursement.gateway.dispatch.ProviderGate;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code providers} health component: one indicator per provider adapter. UP while payouts may flow, DOWN
 * while its circuit breaker is open, OUT_OF_SERVICE while ops has paused it (or it is disabled). Details: breaker
 * state, paused, channel. The probes {@code /actuator/health/liveness} and {@code /readiness} leave providers out,
 * so a sick provider never restarts the gateway.
 */
@Component("providersHealthContributor")
class ProviderHealth implements CompositeHealthContributor {

    private final Map<String, HealthIndicator> indicators = new TreeMap<>();

    ProviderHealth(ProviderCalls calls, ProviderGate gate, ProvidersProperties providers) {
        for (ProviderAdapter adapter : calls.adapters().values()) {
            String name = adapter.name();
            indicators.put(name, () -> health(name, adapter, gate, providers));
        }
    }

    private static Health health(String name, ProviderAdapter adapter, ProviderGate gate, ProvidersProperties providers) {
        boolean enabled = providers.of(name).map(s -> s.enabled()).orElse(false);
        boolean paused = gate.isPaused(name);
        ProviderGate.Breaker breaker = gate.breaker(name);
        Health.Builder health;
        if (!enabled || paused) {
            health = Health.outOfService();
        } else if (breaker == ProviderGate.Breaker.OPEN) {
            health = Health.down();
        } else {
            health = Health.up();
        }
        return health.withDetail("channel", adapter.channel().name()).withDetail("enabled", enabled)
                .withDetail("paused", paused).withDetail("breaker", breaker.name()).build();
    }

    @Override
    public HealthContributor getContributor(String name) {
        return indicators.get(name);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return indicators.entrySet().stream().map(e -> new HealthContributors.Entry(e.getKey(), e.getValue()));
    }
}
