package org.opendisbursement.gateway.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider's <em>published</em> API description (under {@code src/test/resources/contracts/<provider>/}, each with
 * its SOURCE.md) and a real validator (Atlassian swagger-request-validator) that checks what an adapter actually sent
 * — method, path, headers, query and JSON body — against it.
 *
 * <p>The spec's paths are relative to its server URL (bKash: {@code …/v1.2.0-beta}, MTN: {@code …/disbursement}).
 * The test says where it mounted that server root in the mock ({@code mountPath}): the logged request path must start
 * with it, and the rest is matched against the spec's paths. With the mocks of {@link MockProviderServers} (server
 * root = mock root) and an adapter base URL of {@code <mock>/v1.2.0-beta/checkout}, the bKash mount is
 * {@code /v1.2.0-beta}; with {@code <mock>/checkout} it is {@code ""}.
 *
 * <p>A top-level {@code security} is applied to each operation without its own (OpenAPI's rule, which the validator
 * does not apply by itself), so MTN's subscription key is checked.
 *
 * <p>Only ERROR-level messages count. Rules switched off are listed in {@link #IGNORED_RULES} with the reason;
 * a test may switch off more with {@link #ignoring(String, String)}, giving its reason too.
 */
public final class PublishedContract {

    /** Validator rule key → why it is not checked. Keep this short and justified. */
    public static final Map<String, String> IGNORED_RULES = Map.of(
            // We validate requests only: the mocks' canned answers are not the providers' and are checked elsewhere.
            "validation.response", "only requests are validated; responses come from our own mocks",
            // The validator compares Accept with the media types of the spec's responses. bKash describes only its
            // success body and the MTN excerpt keeps no response bodies at all (SOURCE.md, edit 2), so any Accept
            // would be judged against an incomplete list. Neither provider documents Accept as significant.
            "validation.request.accept.invalid", "response media types are incomplete in the specs (MTN excerpt keeps none)");

    private final String resource;
    private final String mountPath;
    private final OpenApiInteractionValidator validator;
    private final Map<String, String> ignored;

    private PublishedContract(String resource, String mountPath, Map<String, String> ignored) {
        this.resource = resource;
        this.mountPath = normaliseMount(mountPath);
        this.ignored = Map.copyOf(ignored);
        LevelResolver.Builder levels = LevelResolver.create();
        ignored.keySet().forEach(key -> levels.withLevel(key, ValidationReport.Level.IGNORE));
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(withGlobalSecurityOnEachOperation(read(resource)))
                // the kit strips the mount itself; the spec's own server path plays no part
                .withBasePathOverride("/")
                .withLevelResolver(levels.build())
                .build();
    }

    /** bKash Checkout 1.2.0-beta as published (see contracts/bkash/SOURCE.md). */
    public static PublishedContract bkashCheckout(String mountPath) {
        return load("contracts/bkash/openapi.json", mountPath);
    }

    /** MTN MoMo Disbursements, request-side excerpt of MTN's export (see contracts/mtn/SOURCE.md). */
    public static PublishedContract mtnDisbursement(String mountPath) {
        return load("contracts/mtn/disbursement-excerpt.yaml", mountPath);
    }

    /** Any contract file on the test classpath, JSON or YAML, OpenAPI 3 or Swagger 2. */
    public static PublishedContract load(String classpathResource, String mountPath) {
        return new PublishedContract(classpathResource, mountPath, IGNORED_RULES);
    }

    /** The same contract with one more rule switched off; the reason shows in failure messages. */
    public PublishedContract ignoring(String ruleKey, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why " + ruleKey + " is ignored");
        }
        Map<String, String> more = new LinkedHashMap<>(ignored);
        more.put(ruleKey, reason);
        return new PublishedContract(resource, mountPath, more);
    }

    /** ERROR-level messages for one request the mock logged; empty when it conforms. */
    public List<String> violations(LoggedRequest logged) {
        String url = logged.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? null : url.substring(q + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader header : logged.getHeaders().all()) {
            headers.computeIfAbsent(header.key(), k -> new ArrayList<>()).addAll(header.values());
        }
        return violations(logged.getMethod().value(), path, query, headers, logged.getBodyAsString());
    }

    /**
     * ERROR-level messages for a hand-built request (used by the kit's own tests, and handy for a quick check).
     * {@code path} is the full path as the mock saw it, mount included; {@code rawQuery} may be null.
     */
    public List<String> violations(String method, String path, String rawQuery,
                                   Map<String, ? extends Collection<String>> headers, String body) {
        if (!path.startsWith(mountPath + "/")) {
            return List.of("[path.mount] " + method + " " + path + " is not under the contract's mount '"
                    + mountPath + "' (" + resource + ")");
        }
        String specPath = path.substring(mountPath.length());
        SimpleRequest.Builder builder = new SimpleRequest.Builder(Request.Method.valueOf(method.toUpperCase()), specPath);
        headers.forEach((name, values) -> builder.withHeader(name, List.copyOf(values)));
        queryParameters(rawQuery).forEach(builder::withQueryParam);
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        ValidationReport report = validator.validateRequest(builder.build());
        List<String> messages = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                messages.add("[" + message.getKey() + "] " + message.getMessage());
            }
        }
        return messages;
    }

    /** Fails listing every violation of every request given (at least one request is required). */
    public void assertConforms(Collection<LoggedRequest> requests) {
        if (requests.isEmpty()) {
            throw new AssertionError("no request to check against " + resource);
        }
        List<String> failures = new ArrayList<>();
        for (LoggedRequest request : requests) {
            for (String violation : violations(request)) {
                failures.add(request.getMethod().value() + " " + request.getUrl() + ": " + violation);
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder text = new StringBuilder()
                    .append(failures.size()).append(" violation(s) of the published contract ").append(resource)
                    .append(" (mount '").append(mountPath).append("'):");
            failures.forEach(f -> text.append("\n  - ").append(f));
            text.append("\nRules not checked: ").append(ignored);
            throw new AssertionError(text.toString());
        }
    }

    /** Single-request form of {@link #assertConforms(Collection)}. */
    public void assertConforms(LoggedRequest request) {
        assertConforms(List.of(request));
    }

    public Set<String> ignoredRules() {
        return ignored.keySet();
    }

    private static String normaliseMount(String mountPath) {
        if (mountPath == null || mountPath.isEmpty() || mountPath.equals("/")) {
            return "";
        }
        String m = mountPath.startsWith("/") ? mountPath : "/" + mountPath;
        return m.endsWith("/") ? m.substring(0, m.length() - 1) : m;
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /**
     * OpenAPI 3: a top-level {@code security} applies to every operation that has none of its own. The validator
     * (2.44.x) only checks an operation's own {@code security}, so MTN's subscription-key requirement would go
     * unchecked; the kit copies the top-level requirement down. The file on disk stays as published.
     */
    static String withGlobalSecurityOnEachOperation(String spec) {
        JsonNode root = new YAMLMapper().readTree(spec);
        JsonNode global = root.get("security");
        JsonNode paths = root.get("paths");
        if (global == null || paths == null) {
            return spec;
        }
        paths.forEach(pathItem -> pathItem.properties().forEach(entry -> {
            if (HTTP_METHODS.contains(entry.getKey()) && entry.getValue() instanceof ObjectNode operation
                    && !operation.has("security")) {
                operation.set("security", global.deepCopy());
            }
        }));
        return new JsonMapper().writeValueAsString(root);
    }

    private static String read(String classpathResource) {
        try (InputStream in = PublishedContract.class.getClassLoader().getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract on the test classpath: " + classpathResource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
