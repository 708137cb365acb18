package org.opendisbursement.gateway.vouchers;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** What the voucher tests need beyond support.Api: PDFs as bytes and text, CSV uploads, codes read off a sheet. */
final class SheetClient {

    record Sheet(int status, byte[] pdf, String text, int printed) {
    }

    record Json(int status, JsonNode body, String text) {
    }

    static final Pattern CODE = Pattern.compile("[0-9A-Z]{6}-[0-9A-Z]{6}-[0-9A-Z]{6}");
    private static final JsonMapper JSON = new JsonMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    SheetClient(int port) {
        this.port = port;
    }

    /** Prints (POST): the first print, or with {@code reprint=true} a reprint. */
    Sheet sheet(String user, long listId, int number, String location, String extraQuery) {
        return sheet("POST", user, listId, number, location, extraQuery);
    }

    /** Asks with GET, which changes nothing: the register copy ({@code copy=true}, implied for an auditor), or 405. */
    Sheet read(String user, long listId, int number, String location, String extraQuery) {
        return sheet("GET", user, listId, number, location, extraQuery);
    }

    private Sheet sheet(String method, String user, long listId, int number, String location, String extraQuery) {
        String path = "/api/payment-lists/" + listId + "/installments/" + number + "/vouchers.pdf?location="
                + URLEncoder.encode(location, StandardCharsets.UTF_8) + (extraQuery == null ? "" : "&" + extraQuery);
        HttpResponse<byte[]> response = send(user, HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        if (response.statusCode() != 200) {
            return new Sheet(response.statusCode(), body, new String(body, StandardCharsets.UTF_8), 0);
        }
        int printed = Integer.parseInt(response.headers().firstValue("X-Vouchers-Printed").orElse("-1"));
        return new Sheet(200, body, text(body), printed);
    }

    Json postCsv(String user, String path, String csv) {
        HttpResponse<String> response = send(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        return json(response);
    }

    Json postCsv(String user, String path, String csv, String location) {
        return postCsv(user, path + "?location=" + URLEncoder.encode(location, StandardCharsets.UTF_8), csv);
    }

    Json redeem(String user, String code, String location) {
        String body = JSON.writeValueAsString(java.util.Map.of("code", code, "location", location));
        return json(send(user, HttpRequest.newBuilder(uri("/api/vouchers/redeem")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), HttpResponse.BodyHandlers.ofString()));
    }

    static String text(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The voucher codes printed on a sheet, in the order of the vouchers. */
    static List<String> codes(String text) {
        List<String> codes = new ArrayList<>();
        Matcher matcher = CODE.matcher(text);
        while (matcher.find()) {
            codes.add(matcher.group());
        }
        return codes;
    }

    private Json json(HttpResponse<String> response) {
        String text = response.body();
        JsonNode body = text != null && (text.startsWith("{") || text.startsWith("[")) ? JSON.readTree(text) : null;
        return new Json(response.statusCode(), body, text);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private <T> HttpResponse<T> send(String user, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
