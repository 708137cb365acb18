package org.opendisbursement.gateway.dispatch;

import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code disbursement.providers.<name>.*}: one {@link ProviderSettings} per provider. */
@ConfigurationProperties("disbursement")
public record ProvidersProperties(@DefaultValue Map<String, ProviderSettings> providers) {

    public Optional<ProviderSettings> of(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public ProviderSettings require(String name) {
        return of(name).orElseThrow(() -> new IllegalStateException("no settings under disbursement.providers." + name));
    }
}
