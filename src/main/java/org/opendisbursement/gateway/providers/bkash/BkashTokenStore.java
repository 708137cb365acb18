package org.opendisbursement.gateway.providers.bkash;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one bKash token every gateway instance shares, in table {@code provider_token} (V7). {@link #locked} holds the
 * row ({@code SELECT … FOR UPDATE}) while the caller decides whether to keep, refresh or replace the token, so only
 * one instance talks to bKash's token endpoints at a time and the others then read what it stored. Tokens are kept
 * encrypted with AES-GCM under a key derived from the app secret (which lives in configuration, not the database).
 */
@Component
class BkashTokenStore {

    /** A token as stored; each part null when there is none. */
    record Stored(String token, String refreshToken, Instant expiresAt) {
        static final Stored NONE = new Stored(null, null, null);

        @Override
        public String toString() {
            return "Stored[expiresAt=" + expiresAt + "]";
        }
    }

    /** What the holder of the row decided: the token to use, and whether (and how) it was renewed. */
    record Decision(Stored token, Renewal renewal) {
    }

    enum Renewal { KEPT, GRANTED, REFRESHED }

    /** Decides under the row lock. */
    @FunctionalInterface
    interface Holder {
        Decision decide(Stored current) throws BkashTokens.Unavailable;
    }

    static final String PROVIDER = "bkash";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    BkashTokenStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * Runs {@code holder} with the stored token while holding the row, and stores what it decided.
     *
     * @param secret the app secret the stored tokens are encrypted under
     */
    Stored locked(String secret, Holder holder) throws BkashTokens.Unavailable {
        try {
            return transaction.execute(status -> {
                jdbc.update("INSERT INTO provider_token (provider) VALUES (?) ON CONFLICT (provider) DO NOTHING",
                        PROVIDER);
                List<Stored> rows = jdbc.query("SELECT token, refresh_token, expires_at FROM provider_token"
                        + " WHERE provider = ? FOR UPDATE", (rs, n) -> {
                            Timestamp expires = rs.getTimestamp("expires_at");
                            return new Stored(decrypt(secret, rs.getString("token")),
                                    decrypt(secret, rs.getString("refresh_token")),
                                    expires == null ? null : expires.toInstant());
                        }, PROVIDER);
                Stored current = rows.isEmpty() ? Stored.NONE : rows.get(0);
                Decision decision;
                try {
                    decision = holder.decide(current.token() == null ? Stored.NONE : current);
                } catch (BkashTokens.Unavailable e) {
                    throw new Carrier(e);
                }
                Stored chosen = decision.token();
                switch (decision.renewal()) {
                    case GRANTED -> jdbc.update("UPDATE provider_token SET token = ?, refresh_token = ?,"
                            + " expires_at = ?, granted_at = now(), grants = grants + 1 WHERE provider = ?",
                            encrypt(secret, chosen.token()), encrypt(secret, chosen.refreshToken()),
                            Timestamp.from(chosen.expiresAt()), PROVIDER);
                    case REFRESHED -> jdbc.update("UPDATE provider_token SET token = ?, refresh_token = ?,"
                            + " expires_at = ?, refreshed_at = now(), refreshes = refreshes + 1 WHERE provider = ?",
                            encrypt(secret, chosen.token()), encrypt(secret, chosen.refreshToken()),
                            Timestamp.from(chosen.expiresAt()), PROVIDER);
                    case KEPT -> { }
                }
                return chosen;
            });
        } catch (Carrier carrier) {
            throw carrier.unavailable;
        } catch (DataAccessException e) {
            throw new BkashTokens.Unavailable("the shared bKash token could not be read from the database: "
                    + e.getClass().getSimpleName(), false);
        }
    }

    /** Carries the checked failure out of the transaction callback (and rolls it back). */
    private static final class Carrier extends RuntimeException {
        private final BkashTokens.Unavailable unavailable;

        Carrier(BkashTokens.Unavailable unavailable) {
            super(null, null, false, false);
            this.unavailable = unavailable;
        }
    }

    static String encrypt(String secret, String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(secret), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Null when there is nothing stored, or it was stored under another secret (then it is simply replaced). */
    static String decrypt(String secret, String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(secret), new GCMParameterSpec(128, all, 0, 12));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static SecretKeySpec key(String secret) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(("provider_token/bkash/" + secret).getBytes(StandardCharsets.UTF_8));
        return new SecretKeySpec(digest, "AES");
    }
}
