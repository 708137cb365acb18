package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Sign-in throttling over HTTP Basic: per user name and per address, 429 with Retry-After, and the access log. */
@GatewayTest
class LoginLockoutTest {

    @LocalServerPort
    int port;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    MutableClock clock;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    @AfterEach
    void forget() {
        throttle.clear();
        clock.reset();
    }

    private HttpResponse<String> get(String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/payment-lists"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void fiveWrongPasswordsLockTheUserOutEvenWithTheRightOneUntilTheLockoutIsOver() throws Exception {
        for (int i = 1; i < 5; i++) {
            assertThat(get("auditor", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> fifth = get("auditor", "wrong-5");
        assertThat(fifth.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(fifth.headers().firstValue("Retry-After").orElseThrow())).isBetween(890L, 900L);
        assertThat(fifth.body()).contains("Too many failed sign-ins").doesNotContain("wrong-5");

        HttpResponse<String> right = get("auditor", "demo");
        assertThat(right.statusCode()).as("the right password does not open a locked name").isEqualTo(429);
        assertThat(right.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("ops", "demo").statusCode()).as("other users go on").isEqualTo(200);

        Map<String, Object> logged = jdbc.queryForMap("""
                SELECT username, method, path, status, remote_addr, error, filters FROM access_log
                WHERE username = 'auditor' AND status = 429 ORDER BY id DESC LIMIT 1""", Map.of());
        assertThat(logged).containsEntry("method", "GET").containsEntry("path", "/api/payment-lists")
                .containsEntry("status", 429);
        assertThat((String) logged.get("remote_addr")).isNotBlank();
        assertThat((String) logged.get("error")).startsWith("LOCKED_OUT: 5 wrong passwords for this user name")
                .doesNotContain("wrong-");
        assertThat((String) logged.get("filters")).contains("\"lockout\":\"USER\"");

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(get("auditor", "demo").statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressTryingManyNamesIsLockedOutForEveryName() throws Exception {
        for (int i = 1; i < 20; i++) {
            assertThat(get("guess-" + i, "guess").statusCode()).isEqualTo(401);
        }
        assertThat(get("guess-20", "guess").statusCode()).isEqualTo(429);
        assertThat(get("checker", "demo").statusCode()).as("this address is locked for every name").isEqualTo(429);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_log WHERE username = 'guess-20' AND status = 429",
                Map.of(), Integer.class)).isEqualTo(1);
    }
}
