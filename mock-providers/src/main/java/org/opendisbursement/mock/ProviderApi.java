package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

/** One provider's protocol; the mappings route each endpoint to an operation name. */
interface ProviderApi {

    /** Also the WireMock transformer name the provider's mappings refer to. */
    String name();

    ResponseDefinition answer(String operation, Request request);
}
