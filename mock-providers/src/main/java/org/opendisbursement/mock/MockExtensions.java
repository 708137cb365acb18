package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.extension.ExtensionFactory;
import com.github.tomakehurst.wiremock.extension.WireMockServices;

import java.nio.file.Path;
import java.util.List;

/**
 * All extensions of the mock providers, sharing one {@link MockState} per WireMock server.
 * <p>
 * WireMock standalone's {@code --extensions} flag only takes {@code Extension} classes, not factories,
 * so standalone runs find this factory through {@code META-INF/services} (WireMock's extension
 * scanning). To keep it out of unrelated WireMock servers that scan the classpath, it only loads when
 * the system property {@value #ENABLE_PROPERTY} is {@code true}; run.sh sets it. With the
 * no-argument constructor the settings come from {@code -Dmock.*} system properties.
 */
public final class MockExtensions implements ExtensionFactory {

    public static final String ENABLE_PROPERTY = "mock.providers.enabled";

    private final MockSettings settings;
    private final Path keysDir;
    private volatile MockState state;

    public MockExtensions() {
        this(MockSettings.fromSystemProperties(), null);
    }

    public MockExtensions(MockSettings settings) {
        this(settings, null);
    }

    /**
     * @param keysDir the mock-providers/keys folder holding the Nagad TEST keys; null to use the copies
     *                packaged on the classpath (or {@code -Dmock.nagad.*} files)
     */
    public MockExtensions(MockSettings settings, Path keysDir) {
        this.settings = settings;
        this.keysDir = keysDir;
    }

    @Override
    public boolean isLoadable() {
        return Boolean.getBoolean(ENABLE_PROPERTY);
    }

    @Override
    public List<Extension> create(WireMockServices services) {
        MockState created = new MockState(settings, services.getOptions().notifier());
        state = created;
        return List.of(
                new ProviderTransformer(new BkashApi(created), created),
                new ProviderTransformer(new NagadApi(created, NagadKeys.load(keysDir)), created),
                new ProviderTransformer(new MpesaApi(created), created),
                new ProviderTransformer(new MtnApi(created), created),
                new ProviderTransformer(new AdminApi(created), created),
                new AdminMappings(),
                new AnswerDelay(created),
                new StateLifecycle(created));
    }

    /** The state of the server these extensions were created for; null before the server starts. */
    public MockState state() {
        return state;
    }

    /** Stops the callback threads when the WireMock server stops. */
    private static final class StateLifecycle implements Extension {
        private final MockState state;

        StateLifecycle(MockState state) {
            this.state = state;
        }

        @Override
        public String getName() {
            return "mock-state-lifecycle";
        }

        @Override
        public void stop() {
            state.close();
        }
    }
}
