package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.boot.test.web.server.LocalServerPort;

/** disbursement.limits: bodies capped before they are read, and CSV fields bounded in every uploaded file. */
@GatewayTest
class RequestLimitsTest {

    @LocalServerPort
    int port;

    Api api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /** Sends only the head of a request that announces {@code length} bytes, and reads the status line. */
    private String announce(String path, String contentType, long length) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[2048];
            int n = in.read(head);
            return new String(head, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
        }
    }

    private HttpResponse<String> post(String user, String path, String contentType, HttpRequest.BodyPublisher body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType).POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher chunked(byte[] bytes) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    @Test
    void aDeclaredBodyOverItsCapIsRefusedBeforeItIsReadAndBeforeAnyLogin() throws IOException {
        String answer = announce("/api/payment-lists", "multipart/form-data; boundary=x", 300L * 1024 * 1024);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json", "256 MB");
        assertThat(announce("/api/vouchers/redeem-bulk", "text/csv", 5L * 1024 * 1024))
                .startsWith("HTTP/1.1 413").contains("4 MB", "bulk-redemption-size");
        assertThat(announce("/api/vouchers/redeem", "application/json", 2L * 1024 * 1024))
                .startsWith("HTTP/1.1 413").contains("1 MB");
        assertThat(announce("/lists/upload", "multipart/form-data; boundary=x", 300L * 1024 * 1024))
                .startsWith("HTTP/1.1 413").contains("Too large");
    }

    @Test
    void aBulkRedemptionUploadIsReadAsItArrivesAndCutAtItsCap() throws Exception {
        byte[] big = ("code,time,agent,note\r\n" + ("XXXXXX-XXXXXX-XXXXXX,2026-12-05 10:15,agent," + "n".repeat(900)
                + "\r\n").repeat(5_000)).getBytes(StandardCharsets.UTF_8);
        assertThat(big.length).isGreaterThan(4 * 1024 * 1024);
        HttpResponse<String> withLength = post("agent", "/api/vouchers/redeem-bulk?location=X", "text/csv",
                HttpRequest.BodyPublishers.ofByteArray(big));
        assertThat(withLength.statusCode()).isEqualTo(413);
        HttpResponse<String> withoutLength = post("agent", "/api/vouchers/redeem-bulk?location=X", "text/csv", chunked(big));
        assertThat(withoutLength.statusCode()).as(withoutLength.body()).isEqualTo(413);
        assertThat(withoutLength.body()).contains("Content Too Large", "4 MB");
        Api.Response multipart = api.multipart("agent", "/api/vouchers/redeem-bulk?location=X", "offline.csv", big,
                java.util.Map.of());
        assertThat(multipart.status()).as(multipart.text()).isEqualTo(413);
    }

    @Test
    void aJsonBodyWithoutItsLengthIsCutAtTheBodyCap() throws Exception {
        byte[] json = ("{\"code\": \"" + "A".repeat(2 * 1024 * 1024) + "\", \"location\": \"X\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = post("agent", "/api/vouchers/redeem", "application/json", chunked(json));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.body()).contains("1 MB");
    }

    @Test
    void aListWithAFieldOverTheLimitIsRejectedNamingRowColumnAndRule() {
        ListFile file = ListFile.of().beneficiaries("LIM-" + System.nanoTime(), 2)
                .row("LIM-LONG-" + System.nanoTime() + "," + "ন".repeat(1001) + ",,CASH,,7500,3,KCC Ward 1,widow");
        Api.Response answer = api.upload("maker", file, ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(answer.status()).as(answer.text()).isEqualTo(422);
        assertThat(answer.body().get("errors")).anySatisfy(error -> {
            assertThat(error.get("row").asInt()).isEqualTo(4);
            assertThat(error.get("column").asString()).isEqualTo("full_name");
            assertThat(error.get("rule").asString()).isEqualTo("field-length");
        });
    }

    @Test
    void aBulkRedemptionWithAFieldOverTheLimitIsRefused() throws Exception {
        HttpResponse<String> answer = post("agent", "/api/vouchers/redeem-bulk?location=X", "text/csv",
                HttpRequest.BodyPublishers.ofString("code,time,agent\r\n" + "C".repeat(1001) + ",2026-12-05 10:15,agent\r\n"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("row 2, column 1", "longer than 1000 characters", "nothing was redeemed");
    }
}
