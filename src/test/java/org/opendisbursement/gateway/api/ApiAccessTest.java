package org.opendisbursement.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every endpoint against every role: who may call it gets past security (whatever the answer then is), everyone else
 * gets 403, and nobody unauthenticated gets in.
 */
@GatewayTest
class ApiAccessTest {

    private static final List<String> USERS = List.of("maker", "checker", "ops", "auditor", "agent");

    @LocalServerPort
    int port;

    record Endpoint(String method, String path, Set<String> allowed) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Arguments> matrix() {
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/api/payment-lists", Set.of("maker")),
                new Endpoint("GET", "/api/payment-lists", Set.of("maker", "checker", "ops", "auditor")),
                new Endpoint("GET", "/api/payment-lists/1", Set.of("maker", "checker", "ops", "auditor")),
                new Endpoint("GET", "/api/payment-lists/1/report", Set.of("maker", "checker", "ops", "auditor")),
                new Endpoint("POST", "/api/payment-lists/1/approve", Set.of("checker")),
                new Endpoint("POST", "/api/payment-lists/1/reject", Set.of("checker")),
                new Endpoint("POST", "/api/payment-lists/1/installments/1/release", Set.of("checker")),
                new Endpoint("DELETE", "/api/payment-lists/1", Set.of()),
                new Endpoint("PUT", "/api/payment-lists/1", Set.of()),
                new Endpoint("GET", "/api/payment-lists/987654/installments", Set.of("maker", "checker", "ops", "auditor")),
                new Endpoint("POST", "/api/payment-lists/1/confirm", Set.of("maker")),
                new Endpoint("POST", "/api/payment-lists/987654/retry-failed", Set.of("maker", "checker")),
                new Endpoint("POST", "/api/installments/987654/switch-to-cash", Set.of("maker", "checker")),
                new Endpoint("POST", "/api/vouchers/987654/cancel", Set.of("maker", "checker")),
                new Endpoint("POST", "/api/vouchers/987654/reissue", Set.of("maker", "checker")),
                new Endpoint("GET", "/api/proposals", Set.of("maker", "checker", "auditor")),
                new Endpoint("GET", "/api/proposals/987654", Set.of("maker", "checker", "auditor")),
                new Endpoint("POST", "/api/proposals/987654/approve", Set.of("checker")),
                new Endpoint("POST", "/api/proposals/987654/reject", Set.of("checker")),
                new Endpoint("POST", "/api/installments/987654/settle", Set.of("checker")),
                new Endpoint("GET", "/api/providers", Set.of("checker", "ops", "auditor")),
                new Endpoint("POST", "/api/providers/nosuch/pause", Set.of("ops")),
                new Endpoint("POST", "/api/providers/nosuch/resume", Set.of("ops")),
                new Endpoint("GET", "/actuator/prometheus", Set.of("ops")),
                new Endpoint("GET", "/actuator/metrics", Set.of("ops")));
        return endpoints.stream().flatMap(endpoint -> USERS.stream().map(user -> Arguments.of(endpoint, user)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void onlyTheRightRolesGetThrough(Endpoint endpoint, String user) {
        Api.Response response = new Api(port).send(user, endpoint.method(), endpoint.path());

        if (endpoint.allowed().contains(user)) {
            assertThat(response.status()).as(response.text()).isNotIn(401, 403);
        } else {
            assertThat(response.status()).as(response.text()).isEqualTo(403);
        }
    }

    @ParameterizedTest(name = "{0} anonymously")
    @MethodSource("matrix")
    void nobodyGetsInWithoutSigningIn(Endpoint endpoint, String ignored) {
        assertThat(new Api(port).send(null, endpoint.method(), endpoint.path()).status()).isEqualTo(401);
    }

    @org.junit.jupiter.api.Test
    void aWrongPasswordIsRefused() {
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/payment-lists"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("auditor:wrong".getBytes())).build();
        assertThat(Stream.of(request).map(r -> {
            try {
                return http.send(r, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst()).hasValue(401);
    }

    @org.junit.jupiter.api.Test
    void healthIsOpenForProbes() {
        Api anonymous = new Api(port);
        assertThat(anonymous.get(null, "/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get(null, "/actuator/health/readiness").status()).isEqualTo(200);
        // the overall status also says whether each provider is paused or broken (503 then), but never asks for a login
        assertThat(anonymous.get(null, "/actuator/health").status()).isIn(200, 503);
    }
}
