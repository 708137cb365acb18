package org.opendisbursement.gateway.providers.mtn;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.PublishedContract;
import org.opendisbursement.mock.MockExtensions;
import org.opendisbursement.mock.MockSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Every request the MTN adapter sends — token, transfer (with its callback URL), status — checked against MTN's
 * published Disbursements description ({@code contracts/mtn/disbursement-excerpt.yaml}). The adapter talks to a
 * private MTN mock (the same mappings and extensions) whose request journal is on, so what went over the wire is what
 * is checked.
 */
@GatewayTest
class MtnContractTest {

    @Autowired
    ProvidersProperties providers;

    @Autowired
    ProviderHttp http;

    @Autowired
    JsonMapper json;

    @Autowired
    Environment environment;

    private WireMockServer recording;
    private MtnAdapter adapter;

    @BeforeEach
    void start() {
        recording = new WireMockServer(wireMockConfig().dynamicPort()
                .extensions(new MockExtensions(MockSettings.defaults(), Path.of("mock-providers", "keys")))
                .usingFilesUnderDirectory("mock-providers/mtn"));
        recording.start();
        adapter = MtnTestAdapters.withSettings(new MtnTestAdapters.Parts(providers, http, json, environment),
                settings -> MtnTestAdapters.baseUrl(settings, recording.baseUrl()));
    }

    @AfterEach
    void stop() {
        recording.stop();
    }

    @Test
    void tokenTransferAndStatusRequestsFollowMtnsPublishedContract() {
        PayoutRequest payout = new PayoutRequest(1L, UUID.randomUUID(), "+46733123111", 1_500, "EUR", null, 1);

        assertThat(adapter.send(payout)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(adapter.query(payout)).isInstanceOf(PayoutOutcome.Confirmed.class);

        List<LoggedRequest> sent = recording.findAll(anyRequestedFor(anyUrl()));
        assertThat(sent).extracting(LoggedRequest::getUrl).containsExactly("/disbursement/token/",
                "/disbursement/v1_0/transfer", "/disbursement/v1_0/transfer/" + payout.reference());
        assertThat(sent.get(1).getHeader("X-Callback-Url")).contains("/callbacks/mtn?reference=" + payout.reference()
                + "&token=").doesNotContain("secret");
        assertThat(sent.get(1).getBodyAsString()).contains("\"externalId\":\"" + payout.reference() + "\"");
        PublishedContract.mtnDisbursement("/disbursement").assertConforms(sent);
    }
}
