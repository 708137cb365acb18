package org.opendisbursement.gateway.sandbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.opendisbursement.mock.MockProviders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox's beans: the starter ({@link SandboxProviders}), the {@link Sandbox} it leaves for the API and the
 * console, and the gauge {@code gateway_provider_sandbox{provider}} (1 = sandbox, no real money; 0 = configured).
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    @Bean
    static SandboxProviders sandboxProviders() {
        return new SandboxProviders();
    }

    @Bean
    Sandbox sandbox(SandboxProviders providers) {
        return providers.sandbox();
    }

    @Bean
    MeterBinder sandboxGauge(Sandbox sandbox) {
        return registry -> MockProviders.PROVIDERS.forEach(provider ->
                Gauge.builder("gateway.provider.sandbox", () -> sandbox.isSandbox(provider) ? 1 : 0)
                        .description("1 when the provider is a sandbox mock in this process: no real money")
                        .tag("provider", provider)
                        .register(registry));
    }
}
