package org.opendisbursement.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** Talks to the running gateway over real HTTP, signed in as one of the test users (all with password "demo"). */
public final class Api {

    public record Response(int status, JsonNode body, String text) {
        public long id() {
            return body.get("id").asLong();
        }
    }

    private static final JsonMapper JSON = new JsonMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public Api(int port) {
        this.port = port;
    }

    /**
     * A list uploaded by {@code maker} in {@code currency}, approved by {@code checker} and its installment 1 released
     * (each step must succeed): its id.
     */
    public long releasedList(ListFile file, String currency) {
        Map<String, String> fields = new java.util.HashMap<>(ListFile.fields(ListFile.uniqueProgramme()));
        fields.put("currency", currency);
        Response uploaded = upload("maker", file, fields);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long listId = uploaded.id();
        assertThat(post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(post("checker", "/api/payment-lists/" + listId + "/installments/1/release").status()).isEqualTo(200);
        return listId;
    }

    /**
     * A change of money that {@code proposed} answered (202, a proposal) approved by {@code approver}: the approval's
     * answer (200 with the proposal APPROVED, or the refusal).
     */
    public Response approve(Response proposed, String approver) {
        assertThat(proposed.status()).as(proposed.text()).isEqualTo(202);
        assertThat(proposed.body().get("status").asString()).isEqualTo("PROPOSED");
        return post(approver, "/api/proposals/" + proposed.id() + "/approve");
    }

    public Response upload(String user, ListFile file, Map<String, String> fields) {
        return upload(user, file.fileName(), file.bytes(), fields);
    }

    public Response upload(String user, String fileName, byte[] content, Map<String, String> fields) {
        return multipart(user, "/api/payment-lists", fileName, content, fields);
    }

    /** A CSV file with form fields, posted as {@code multipart/form-data} to {@code path}. */
    public Response multipart(String user, String path, String fileName, byte[] content, Map<String, String> fields) {
        String boundary = "----gateway-test-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(user, HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    public Response get(String user, String path) {
        return send(user, HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String user, String path) {
        return send(user, HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response postJson(String user, String path, String json) {
        return send(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response send(String user, String method, String path) {
        return send(user, HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Response send(String user, HttpRequest.Builder request) {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = null;
            if (text != null && (text.startsWith("{") || text.startsWith("["))) {
                body = JSON.readTree(text);
            }
            return new Response(response.statusCode(), body, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
