package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/** Adds {@link MockSettings#delayMs()} to every provider answer; /__mock answers stay fast. */
final class AnswerDelay implements ResponseTransformerV2 {

    private final MockState state;

    AnswerDelay(MockState state) {
        this.state = state;
    }

    @Override
    public String getName() {
        return "mock-answer-delay";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        long delayMs = state.settings().delayMs();
        if (delayMs == 0 || serveEvent.getRequest().getUrl().startsWith(AdminApi.PATH_PREFIX)) {
            return response;
        }
        return Response.Builder.like(response).but().incrementInitialDelay(delayMs).build();
    }
}
