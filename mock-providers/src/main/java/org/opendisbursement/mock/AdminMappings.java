package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.extension.MappingsLoaderExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** Adds the /__mock endpoints to every mock, whatever its mapping files hold. */
final class AdminMappings implements MappingsLoaderExtension {

    @Override
    public String getName() {
        return "mock-admin-mappings";
    }

    @Override
    public void loadMappingsInto(StubMappings stubMappings) {
        add(stubMappings, get(urlPathEqualTo(AdminApi.PATH_PREFIX + "executed")), "executed");
        add(stubMappings, post(urlPathEqualTo(AdminApi.PATH_PREFIX + "reset")), "reset");
        add(stubMappings, get(urlPathEqualTo(AdminApi.PATH_PREFIX + "config")), "get-config");
        add(stubMappings, post(urlPathEqualTo(AdminApi.PATH_PREFIX + "config")), "set-config");
        add(stubMappings, get(urlPathEqualTo(AdminApi.PATH_PREFIX + "callbacks")), "callbacks");
    }

    private static void add(StubMappings stubMappings, MappingBuilder request, String operation) {
        stubMappings.addMapping(request
                .atPriority(1)
                .willReturn(aResponse()
                        .withTransformers(AdminApi.NAME)
                        .withTransformerParameter("operation", operation))
                .build());
    }
}
