package org.opendisbursement.gateway.providers.bkash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.support.MockProviderServers;

/** The shared bKash mock of the test run, as the bKash tests arrange it (its {@code /__mock/bkash} knobs). */
final class BkashMock {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BkashMock() {
    }

    /** Posts {@code json} to {@code /__mock/bkash} of {@code baseUrl}; answers the mock's knobs and counters. */
    static String control(String baseUrl, String json) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__mock/bkash"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("mock control refused: " + answer.body());
            }
            return answer.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String control(String json) {
        return control(MockProviderServers.server("bkash").baseUrl(), json);
    }

    /** A counter of the mock ({@code grants}, {@code refreshes}, {@code balanceReads}). */
    static long counter(String baseUrl, String name) {
        String body = control(baseUrl, "{}");
        var matcher = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException(name + " not in " + body);
        }
        return Long.parseLong(matcher.group(1));
    }

    /**
     * A payout to {@code localWallet} under a fresh reference, of an amount unlikely to meet an earlier one in the
     * mock's 2029 window (magic wallets are shared by many tests).
     */
    static PayoutRequest payout(String localWallet) {
        return payout(localWallet, 100_000 + ThreadLocalRandom.current().nextLong(1, 9_000_000));
    }

    static PayoutRequest payout(String localWallet, long amountMinor) {
        return new PayoutRequest(1L, UUID.randomUUID(), "+88" + localWallet, amountMinor, "BDT", null, 1);
    }

    static PayoutRequest withTrxId(PayoutRequest request, String trxId) {
        return new PayoutRequest(request.installmentId(), request.reference(), request.walletE164(),
                request.amountMinor(), request.currency(), trxId, request.attempt() + 1);
    }

    /** How many times the mock paid under this reference (a repeat after the window counts too). */
    static int executed(PayoutRequest request) {
        String reference = request.reference().toString();
        return (int) MockProviderServers.state("bkash").journal().executed().stream()
                .filter(p -> p.reference().equals(reference) || p.reference().startsWith(reference + "#")).count();
    }
}
