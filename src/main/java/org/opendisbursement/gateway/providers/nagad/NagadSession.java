package org.opendisbursement.gateway.providers.nagad;

import java.time.Duration;
import java.time.Instant;

/**
 * What one handshake agreed with Nagad: the {@code X-KM-Api-Key}, the AES key and iv, the key id (sent as
 * {@code key-id}) and the challenge every transactionInfo repeats. One session serves many payouts, in parallel,
 * until it is older than the configured maximum age or Nagad refuses it. Never logged: {@link #toString()} hides it.
 */
record NagadSession(String apiKey, byte[] key, byte[] iv, String keyId, String challenge, Instant openedAt) {

    /** Still fit for use at {@code now}: not older than {@code maxAge}, and the clock did not go back past it. */
    boolean usableAt(Instant now, Duration maxAge) {
        Duration age = Duration.between(openedAt, now);
        return !age.isNegative() && age.compareTo(maxAge) < 0;
    }

    @Override
    public String toString() {
        return "NagadSession[openedAt=" + openedAt + "]";
    }
}
