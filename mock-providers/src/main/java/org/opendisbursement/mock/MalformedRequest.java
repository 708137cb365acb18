package org.opendisbursement.mock;

/** A request the mock cannot read; each provider turns it into its own bad-request answer. */
final class MalformedRequest extends RuntimeException {

    MalformedRequest(String message) {
        super(message);
    }
}
