package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.common.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small java.net.http client for the tests: one base URL, JSON in and out. */
final class MockHttp {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    MockHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Sends a request; headers come as name, value, name, value... */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException {
        return send("POST", path, body, headers);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException {
        return send("GET", path, null, headers);
    }

    /** The executed-payout journal as the admin endpoint reports it. */
    Map<String, Object> executed() {
        try {
            return json(get("/__mock/executed").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> executedEntries() {
        return (List<Map<String, Object>>) executed().get("executed");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return Json.read(text, Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> parent, String name) {
        return (Map<String, Object>) parent.get(name);
    }

    static String write(Object value) {
        return Json.write(value);
    }
}
