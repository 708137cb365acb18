package org.opendisbursement.gateway.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opendisbursement.mock.MockProviders;
import org.opendisbursement.mock.MockState;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The four mock providers of {@code mock-providers/}, real WireMock servers on free ports, started once for the
 * whole test run and pointed at by {@code disbursement.providers.<name>.base-url}.
 */
public final class MockProviderServers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Map<String, WireMockServer> SERVERS = new LinkedHashMap<>();
    private static final int GATEWAY_PORT = FreePort.next();


    public static synchronized WireMockServer server(String provider) {
        return SERVERS.computeIfAbsent(provider, name -> {
            WireMockServer server = MockProviders.start(name, 0, Path.of("mock-providers"));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            return server;
        });
    }

    public static MockState state(String provider) {
        return MockProviders.state(server(provider));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties = new HashMap<>();
        // a port known before start, so providers' callbacks can be told where the gateway listens
        properties.put("server.port", GATEWAY_PORT);
        properties.put("disbursement.providers.mpesa.callback-base-url", "http://localhost:" + GATEWAY_PORT);
        properties.put("disbursement.providers.mtn.callback-base-url", "http://localhost:" + GATEWAY_PORT);
        for (String provider : MockProviders.PROVIDERS) {
            properties.put("disbursement.providers." + provider + ".base-url", server(provider).baseUrl()
                    + ("bkash".equals(provider) ? "/v1.2.0-beta/checkout" : ""));  // bKash: the Checkout root
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("mockProviders", properties));
    }
}
