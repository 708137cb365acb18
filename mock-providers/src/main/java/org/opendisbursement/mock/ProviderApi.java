package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.util.Map;
import java.util.function.Function;

/** One provider's protocol; the mappings route each endpoint to one of its operations by name. */
interface ProviderApi {

    /** Also the WireMock transformer name the provider's mappings refer to. */
    String name();

    /** Operation name (a mapping's {@code transformerParameters.operation}) to handler. */
    Map<String, Function<Request, ResponseDefinition>> operations();

    /** The provider's answer to a request it cannot read ({@link MalformedRequest}). */
    ResponseDefinition malformed(String message);
}
