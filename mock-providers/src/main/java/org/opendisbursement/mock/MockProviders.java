package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Starts one provider's mock in-process. Example:
 * <pre>{@code
 * WireMockServer mtn = MockProviders.start("mtn", 0);      // dynamic port, mappings from the classpath
 * String baseUrl = mtn.baseUrl();
 * List<ExecutedPayout> executed = MockProviders.state(mtn).journal().executed();
 * mtn.stop();
 * }</pre>
 */
public final class MockProviders {

    public static final List<String> PROVIDERS = List.of(BkashApi.NAME, NagadApi.NAME, MpesaApi.NAME, MtnApi.NAME);

    /** Where the jar carries the mappings: {@code mock-providers/<provider>/mappings/*.json}. */
    public static final String CLASSPATH_ROOT = "mock-providers";

    private static final Map<WireMockServer, MockState> STATES = Collections.synchronizedMap(new WeakHashMap<>());

    private MockProviders() {
    }

    /** Starts the provider's mock with mappings from the classpath and settings from {@code -Dmock.*}. */
    public static WireMockServer start(String provider, int port) {
        return start(provider, port, null, MockSettings.fromSystemProperties());
    }

    /**
     * Starts the provider's mock with the mappings under {@code rootDir/<provider>/mappings}
     * ({@code rootDir} is the mock-providers folder) and settings from {@code -Dmock.*}.
     */
    public static WireMockServer start(String provider, int port, Path rootDir) {
        return start(provider, port, rootDir, MockSettings.fromSystemProperties());
    }

    /**
     * @param port     0 for a free port ({@link WireMockServer#port()} tells which)
     * @param rootDir  the mock-providers folder, or null for the mappings packaged on the classpath
     * @param settings initial settings; {@code POST /__mock/config} can change them later
     */
    public static WireMockServer start(String provider, int port, Path rootDir, MockSettings settings) {
        MockExtensions extensions = new MockExtensions(settings, rootDir == null ? null : rootDir.resolve("keys"));
        WireMockServer server = new WireMockServer(options(provider, port, rootDir, extensions));
        server.start();
        STATES.put(server, extensions.state());
        return server;
    }

    /** The WireMock configuration {@link #start} uses, for callers that build the server themselves. */
    public static WireMockConfiguration options(String provider, int port, Path rootDir, MockExtensions extensions) {
        requireKnown(provider);
        WireMockConfiguration options = WireMockConfiguration.options()
                .port(port)
                .extensions(extensions)
                .containerThreads(64)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(16)
                .disableRequestJournal();
        if (rootDir == null) {
            return options.usingFilesUnderClasspath(CLASSPATH_ROOT + "/" + provider);
        }
        Path providerDir = rootDir.resolve(provider);
        if (!Files.isDirectory(providerDir.resolve("mappings"))) {
            throw new IllegalArgumentException("no mappings folder under " + providerDir.toAbsolutePath());
        }
        return options.usingFilesUnderDirectory(providerDir.toString());
    }

    /** The journal, settings and callbacks of a server started by {@link #start}. */
    public static MockState state(WireMockServer server) {
        MockState state = STATES.get(server);
        if (state == null) {
            throw new IllegalArgumentException("server was not started by MockProviders.start");
        }
        return state;
    }

    /** {@code java -cp ... org.opendisbursement.mock.MockProviders <provider> [port] [rootDir]}. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: MockProviders <" + String.join("|", PROVIDERS) + "> [port] [rootDir]");
            System.exit(2);
        }
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Path rootDir = args.length > 2 ? Path.of(args[2]) : null;
        WireMockServer server = start(args[0], port, rootDir);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println(args[0] + " mock listening on " + server.baseUrl());
    }

    private static void requireKnown(String provider) {
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("unknown provider " + provider + ", expected one of " + PROVIDERS);
        }
    }
}
