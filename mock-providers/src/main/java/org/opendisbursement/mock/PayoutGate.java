package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The transport-level part of a payout scenario, the same for every provider: refusals before
 * anything is recorded, lost answers after recording, slow answers.
 */
final class PayoutGate {

    /** How one provider words its transport-level refusals. */
    record TransportAnswers(Supplier<ResponseDefinition> rateLimited,
                            Supplier<ResponseDefinition> serverError,
                            Supplier<ResponseDefinition> unavailable) {
    }

    private final MockState state;

    PayoutGate(MockState state) {
        this.state = state;
    }

    /** The answer for scenarios that refuse the request before anything is recorded. */
    Optional<ResponseDefinition> refuseBeforeRecording(Scenario scenario, TransportAnswers answers) {
        switch (scenario.kind()) {
            case RATE_LIMITED:
                return Optional.of(answers.rateLimited().get());
            case SERVER_ERROR:
                return Optional.of(answers.serverError().get());
            case UNAVAILABLE:
                return Optional.of(answers.unavailable().get());
            case RESET_BEFORE_RECORD:
                return Optional.of(JsonAnswer.connectionReset(0));
            default:
                return Optional.empty();
        }
    }

    /**
     * Whether the answer to an accepted payout is lost: always for the timeout-after-record scenario,
     * and for the configured share of plain successes.
     */
    boolean answerLost(Scenario scenario) {
        return scenario.is(Scenario.Kind.TIMEOUT_AFTER_RECORD)
                || scenario.is(Scenario.Kind.SUCCESS) && state.nextPayoutLosesAnswer();
    }

    /** The answer as it reaches the client: lost (connection reset), slowed down, or as it is. */
    ResponseDefinition deliver(Scenario scenario, boolean lost, ResponseDefinition answer) {
        if (lost) {
            return JsonAnswer.connectionReset(state.settings().timeoutDelayMs());
        }
        if (scenario.is(Scenario.Kind.SLOW)) {
            return JsonAnswer.delayed(answer, state.settings().slowMs());
        }
        return answer;
    }
}
