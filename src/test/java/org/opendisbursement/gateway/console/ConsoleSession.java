package org.opendisbursement.gateway.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser: one console session over real HTTP (cookies kept, redirects not followed), signed in
 * through the login form like a person, posting forms with the CSRF token of the page they are on.
 */
final class ConsoleSession {

    record Page(int status, String location, String body) {
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http;
    private final int port;
    private String token;

    ConsoleSession(int port) {
        this.port = port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static ConsoleSession signedIn(int port, String user, String timeZone) {
        ConsoleSession session = new ConsoleSession(port);
        Page login = session.get("/login");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", user);
        form.put("password", "demo");
        form.put("timeZone", timeZone);
        Page answer = session.post("/login", form, session.tokenOf(login));
        if (answer.status() != 302 || answer.location().contains("error")) {
            throw new AssertionError("could not sign in as " + user + ": " + answer);
        }
        return session;
    }

    static ConsoleSession signedIn(int port, String user) {
        return signedIn(port, user, "Asia/Dhaka");
    }

    Page get(String path) {
        Page page = send(HttpRequest.newBuilder(uri(path)).GET());
        Matcher token = CSRF.matcher(page.body());
        if (token.find()) {
            this.token = token.group(1);
        }
        return page;
    }

    /** Posts a form with the CSRF token of the last page read. */
    Page post(String path, Map<String, String> form) {
        return post(path, form, token);
    }

    /** Posts a form with the given token (null: none at all). */
    Page post(String path, Map<String, String> form, String csrf) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (csrf != null) {
            fields.put("_csrf", csrf);
        }
        String body = fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a multipart form (the upload) with one file and the CSRF token of the last page read. */
    Page postFile(String path, Map<String, String> form, String fileName, byte[] content) {
        String boundary = "----console-test-" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("_csrf", token);
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    String tokenOf(Page page) {
        Matcher token = CSRF.matcher(page.body());
        if (!token.find()) {
            throw new AssertionError("no CSRF token on the page: " + page.body());
        }
        return token.group(1);
    }

    /** Follows one redirect, as a browser would after a form. */
    Page follow(Page redirect) {
        if (redirect.status() != 302) {
            throw new AssertionError("expected a redirect, got " + redirect.status() + ": " + redirect.body());
        }
        URI target = uri("/").resolve(redirect.location());
        return get(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
