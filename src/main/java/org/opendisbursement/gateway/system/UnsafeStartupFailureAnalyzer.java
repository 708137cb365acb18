package org.opendisbursement.gateway.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the refusal as Spring Boot's "APPLICATION FAILED TO START" report, without a stack trace. */
class UnsafeStartupFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), "Give each property named above a real value (see the README, "
                + "\"Production\"): callback secrets from `openssl rand -hex 32`, the credentials and https addresses "
                + "your providers issued, users with {bcrypt} hashes, and a database role for the application that "
                + "is not the schema owner. To try the gateway with demo users and mock providers, start it without "
                + "spring.datasource.url (the embedded default) or with the demo profile.", cause);
    }
}
