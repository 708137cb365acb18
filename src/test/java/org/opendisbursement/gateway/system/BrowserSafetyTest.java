package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.GatewayTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What keeps a browser from being turned against the gateway: cookies, HSTS, and no cross-site writes to the API. */
@GatewayTest
class BrowserSafetyTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String user, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<?> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return cookies.stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + cookies));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteAndSecureWhenTheRequestCameOverHttps() throws Exception {
        HttpResponse<String> plain = send("GET", "/login", null);
        assertThat(sessionCookie(plain)).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).as("never over plain http").isEmpty();

        HttpResponse<String> overTls = send("GET", "/login", null, "X-Forwarded-Proto", "https");
        assertThat(sessionCookie(overTls)).contains("HttpOnly", "SameSite=Lax", "Secure");
        assertThat(overTls.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(hsts ->
                assertThat(hsts).contains("max-age=31536000", "includeSubDomains"));

        HttpResponse<String> api = send("GET", "/api/payment-lists", "auditor", "X-Forwarded-Proto", "https");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(api.headers().allValues("Set-Cookie")).as("the API stays stateless").isEmpty();
    }

    @Test
    void anApiWriteSentByABrowserForAnotherSiteIsRefusedBeforeAnyLogin() throws Exception {
        String approve = "/api/payment-lists/987654321/approve";
        HttpResponse<String> foreign = send("POST", approve, "checker", "Origin", "https://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("Cross-site request refused");
        assertThat(send("POST", approve, null, "Origin", "https://evil.example").statusCode())
                .as("refused before the credentials are asked for").isEqualTo(403);
        assertThat(send("POST", approve, "checker", "Sec-Fetch-Site", "cross-site").body()).contains("Cross-site");
        assertThat(send("POST", approve, "checker", "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", approve, "checker", "Origin", "http://localhost:" + (port + 1)).body())
                .as("another port is another origin").contains("Cross-site");

        assertThat(send("POST", approve, "checker").statusCode()).as("a program: no Origin").isEqualTo(404);
        assertThat(send("POST", approve, "checker", "Origin", "http://localhost:" + port, "Sec-Fetch-Site", "same-origin")
                .statusCode()).as("the gateway's own origin").isEqualTo(404);
        assertThat(send("GET", "/api/payment-lists", "auditor", "Origin", "https://evil.example", "Sec-Fetch-Site",
                "cross-site").statusCode()).as("reads change nothing").isEqualTo(200);
        assertThat(send("POST", "/callbacks/mtn/disbursement", null, "Origin", "https://evil.example").body())
                .as("callbacks are not the API").doesNotContain("Cross-site request refused");
    }
}
