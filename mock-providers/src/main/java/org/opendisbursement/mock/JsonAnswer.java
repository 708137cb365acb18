package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the WireMock answers the provider mocks return. */
final class JsonAnswer {

    private JsonAnswer() {
    }

    /** A JSON object from name/value pairs, in order; pairs whose value is null are left out. */
    static Map<String, Object> object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                object.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return object;
    }

    static ResponseDefinition json(int status, Object body) {
        return builder(status, body).build();
    }

    static ResponseDefinition json(int status, Object body, String headerName, String headerValue) {
        return builder(status, body).withHeader(headerName, headerValue).build();
    }

    static ResponseDefinition empty(int status) {
        return new ResponseDefinitionBuilder().withStatus(status).build();
    }

    /** No answer at all: the connection is reset, after {@code afterMs}. */
    static ResponseDefinition connectionReset(long afterMs) {
        return new ResponseDefinitionBuilder()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)
                .withFixedDelay(toInt(afterMs))
                .build();
    }

    static ResponseDefinition delayed(ResponseDefinition answer, long delayMs) {
        return ResponseDefinitionBuilder.like(answer).but().withFixedDelay(toInt(delayMs)).build();
    }

    private static ResponseDefinitionBuilder builder(int status, Object body) {
        return new ResponseDefinitionBuilder()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(Json.write(body));
    }

    private static int toInt(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }
}
