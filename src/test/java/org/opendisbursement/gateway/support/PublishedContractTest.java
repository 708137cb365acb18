package org.opendisbursement.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kit itself: a request that follows the published description passes, and one that breaks it (missing required
 * header or body field, wrong type, enum, unknown path, missing subscription key) is reported — through real WireMock
 * {@link LoggedRequest}s, as adapter tests will use it.
 */
class PublishedContractTest {

    private static final String B2C_OK = """
            {"amount":"500.00","currency":"BDT","merchantInvoiceNumber":"INST-42-1","receiverMSISDN":"01770618575"}""";
    private static final String MTN_OK = """
            {"amount":"500","currency":"EUR","externalId":"INST-42-1",\
            "payee":{"partyIdType":"MSISDN","partyId":"46733123450"},"payerMessage":"grant","payeeNote":"grant"}""";

    private static WireMockServer mock;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final PublishedContract bkash = PublishedContract.bkashCheckout("/v1.2.0-beta");
    private final PublishedContract mtn = PublishedContract.mtnDisbursement("/disbursement");

    @BeforeAll
    static void start() {
        mock = new WireMockServer(wireMockConfig().dynamicPort());
        mock.start();
        mock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @AfterAll
    static void stop() {
        mock.stop();
    }

    @BeforeEach
    void reset() {
        mock.resetRequests();
    }

    private static LoggedRequest send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        List<LoggedRequest> logged = mock.findAll(anyRequestedFor(anyUrl()));
        assertThat(logged).hasSize(1);
        return logged.get(0);
    }

    private static Map<String, String> bkashHeaders() {
        return Map.of("Content-Type", "application/json", "Accept", "application/json",
                "authorization", "eyJraWQiOi.token", "x-app-key", "app-key-1");
    }

    private static Map<String, String> mtnHeaders() {
        return Map.of("Content-Type", "application/json", "Authorization", "Bearer eyJ0eXAi.token",
                "X-Reference-Id", "6f1f1f5e-2b9e-4a53-9d4c-0c1f0e1d2a3b", "X-Target-Environment", "sandbox",
                "Ocp-Apim-Subscription-Key", "0d31d966e5674a999c82772aa95f2cca");
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        var copy = new java.util.LinkedHashMap<>(headers);
        copy.remove(name);
        return copy;
    }

    @Test
    void a_bkash_b2c_payout_shaped_as_published_passes() {
        LoggedRequest request = send("POST", "/v1.2.0-beta/checkout/payment/b2cPayment", bkashHeaders(), B2C_OK);
        assertThat(bkash.violations(request)).isEmpty();
        bkash.assertConforms(request);
    }

    @Test
    void bkash_header_names_match_whatever_their_case() {
        // the spec says Authorization / X-APP-Key, bKash's own plugin sends authorization / x-app-key
        LoggedRequest request = send("GET", "/v1.2.0-beta/checkout/payment/search/TRX9A1B2C3",
                Map.of("AUTHORIZATION", "t", "X-App-Key", "k"), null);
        assertThat(bkash.violations(request)).isEmpty();
    }

    @Test
    void a_missing_x_app_key_is_reported() {
        LoggedRequest request = send("POST", "/v1.2.0-beta/checkout/payment/b2cPayment",
                without(bkashHeaders(), "x-app-key"), B2C_OK);
        assertThat(bkash.violations(request)).anySatisfy(v -> assertThat(v)
                .contains("validation.request.parameter.header.missing").contains("X-APP-Key"));
        assertThatThrownBy(() -> bkash.assertConforms(request))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("POST /v1.2.0-beta/checkout/payment/b2cPayment")
                .hasMessageContaining("X-APP-Key");
    }

    @Test
    void a_missing_authorization_is_reported() {
        LoggedRequest request = send("POST", "/v1.2.0-beta/checkout/payment/b2cPayment",
                without(bkashHeaders(), "authorization"), B2C_OK);
        assertThat(bkash.violations(request)).anySatisfy(v -> assertThat(v).contains("Authorization"));
    }

    @Test
    void a_missing_required_body_field_is_reported() {
        String noReceiver = """
                {"amount":"500.00","currency":"BDT","merchantInvoiceNumber":"INST-42-1"}""";
        LoggedRequest request = send("POST", "/v1.2.0-beta/checkout/payment/b2cPayment", bkashHeaders(), noReceiver);
        assertThat(bkash.violations(request)).anySatisfy(v -> assertThat(v)
                .contains("validation.request.body.schema.required").contains("receiverMSISDN"));
    }

    @Test
    void an_amount_sent_as_a_json_number_is_reported() {
        String numericAmount = """
                {"amount":500.00,"currency":"BDT","merchantInvoiceNumber":"INST-42-1","receiverMSISDN":"01770618575"}""";
        LoggedRequest request = send("POST", "/v1.2.0-beta/checkout/payment/b2cPayment", bkashHeaders(), numericAmount);
        assertThat(bkash.violations(request)).anySatisfy(v -> assertThat(v)
                .contains("validation.request.body.schema.type").contains("amount"));
    }

    @Test
    void token_grant_needs_username_and_password_headers_and_both_app_fields() {
        LoggedRequest ok = send("POST", "/v1.2.0-beta/checkout/token/grant",
                Map.of("Content-Type", "application/json", "username", "u", "password", "p"),
                "{\"app_key\":\"k\",\"app_secret\":\"s\"}");
        assertThat(bkash.violations(ok)).isEmpty();
        mock.resetRequests();
        LoggedRequest bad = send("POST", "/v1.2.0-beta/checkout/token/grant",
                Map.of("Content-Type", "application/json", "username", "u"), "{\"app_key\":\"k\"}");
        assertThat(bkash.violations(bad))
                .anySatisfy(v -> assertThat(v).contains("password"))
                .anySatisfy(v -> assertThat(v).contains("app_secret"));
    }

    @Test
    void a_path_the_spec_does_not_have_is_reported() {
        // the tokenized product's path: not in the Checkout description
        LoggedRequest request = send("POST", "/v1.2.0-beta/tokenized/checkout/payment/b2cPayment", bkashHeaders(), B2C_OK);
        assertThat(bkash.violations(request)).anySatisfy(v -> assertThat(v).contains("validation.request.path.missing"));
    }

    @Test
    void a_request_outside_the_mount_is_reported() {
        LoggedRequest request = send("POST", "/checkout/payment/b2cPayment", bkashHeaders(), B2C_OK);
        assertThat(bkash.violations(request)).singleElement().asString().contains("[path.mount]");
        // and the same request is fine when the test says the spec's server root is the mock's root
        assertThat(PublishedContract.bkashCheckout("").violations(request)).isEmpty();
    }

    @Test
    void an_mtn_transfer_shaped_as_published_passes() {
        LoggedRequest request = send("POST", "/disbursement/v1_0/transfer", mtnHeaders(), MTN_OK);
        assertThat(mtn.violations(request)).isEmpty();
    }

    @Test
    void an_mtn_transfer_without_x_reference_id_or_target_environment_is_reported() {
        LoggedRequest noReference = send("POST", "/disbursement/v1_0/transfer",
                without(mtnHeaders(), "X-Reference-Id"), MTN_OK);
        assertThat(mtn.violations(noReference)).anySatisfy(v -> assertThat(v)
                .contains("validation.request.parameter.header.missing").contains("X-Reference-Id"));
        mock.resetRequests();
        LoggedRequest noTarget = send("POST", "/disbursement/v1_0/transfer",
                without(mtnHeaders(), "X-Target-Environment"), MTN_OK);
        assertThat(mtn.violations(noTarget)).anySatisfy(v -> assertThat(v).contains("X-Target-Environment"));
    }

    @Test
    void an_mtn_request_without_the_subscription_key_is_reported() {
        LoggedRequest request = send("GET", "/disbursement/v1_0/transfer/6f1f1f5e-2b9e-4a53-9d4c-0c1f0e1d2a3b",
                without(mtnHeaders(), "Ocp-Apim-Subscription-Key"), null);
        assertThat(mtn.violations(request)).anySatisfy(v -> assertThat(v).contains("validation.request.security"));
        mock.resetRequests();
        // the query form is the other scheme the description allows
        LoggedRequest viaQuery = send("GET",
                "/disbursement/v1_0/transfer/6f1f1f5e-2b9e-4a53-9d4c-0c1f0e1d2a3b?subscription-key=abc",
                without(mtnHeaders(), "Ocp-Apim-Subscription-Key"), null);
        assertThat(mtn.violations(viaQuery)).isEmpty();
    }

    @Test
    void an_mtn_payee_type_outside_the_enum_and_a_numeric_amount_are_reported() {
        String bad = """
                {"amount":500,"currency":"EUR","externalId":"INST-42-1",\
                "payee":{"partyIdType":"PHONE","partyId":"46733123450"}}""";
        LoggedRequest request = send("POST", "/disbursement/v1_0/transfer", mtnHeaders(), bad);
        assertThat(mtn.violations(request))
                .anySatisfy(v -> assertThat(v).contains("validation.request.body.schema.enum").contains("PHONE"))
                .anySatisfy(v -> assertThat(v).contains("validation.request.body.schema.type").contains("amount"));
    }

    @Test
    void an_extra_ignored_rule_needs_a_reason_and_then_silences_it() {
        assertThatThrownBy(() -> bkash.ignoring("validation.request.body.schema.type", " "))
                .isInstanceOf(IllegalArgumentException.class);
        String numericAmount = """
                {"amount":500,"currency":"BDT","merchantInvoiceNumber":"INST-42-1","receiverMSISDN":"01770618575"}""";
        LoggedRequest request = send("POST", "/v1.2.0-beta/checkout/payment/b2cPayment", bkashHeaders(), numericAmount);
        assertThat(bkash.ignoring("validation.request.body.schema.type", "kit self-test").violations(request)).isEmpty();
    }

    @Test
    void asserting_on_no_request_at_all_fails() {
        assertThatThrownBy(() -> bkash.assertConforms(List.of())).isInstanceOf(AssertionError.class);
    }
}
