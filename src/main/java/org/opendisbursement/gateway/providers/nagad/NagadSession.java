package org.opendisbursement.gateway.providers.nagad;

/**
 * What one handshake agreed with Nagad, for one payout (and the status query that follows it): the
 * {@code X-KM-Api-Key}, the AES key and iv, the key id (sent as {@code key-id}), the single-use challenge the payout's
 * transactionInfo repeats, and the {@code requestDateTime} the handshake and the payout share. Never reused for
 * another payout. Never logged: {@link #toString()} hides it.
 */
record NagadSession(String apiKey, byte[] key, byte[] iv, String keyId, String challenge, String requestDateTime) {

    @Override
    public String toString() {
        return "NagadSession[requestDateTime=" + requestDateTime + "]";
    }
}
