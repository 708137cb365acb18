package org.opendisbursement.gateway.installments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The reference an installment is sent to a provider under: every attempt, status query and reconciliation uses it.
 * It is derived, not drawn: the same list, beneficiary and installment number always give the same reference, and
 * the random per-list uid keeps references of different lists (and of a re-created database) apart. A UUID fits
 * every provider's field (MTN requires one).
 *
 * <p>A provider that holds a reference as failed for good (MTN's FAILED) cannot be sent it again; the next attempt
 * then goes under {@link #forAttempt}, a name-based UUID (version 5, RFC 4122) of the current reference and the
 * attempt number — deterministic, so a crash between deciding and sending never makes a second new reference.
 */
public final class ProviderReference {

    private ProviderReference() {
    }

    public static UUID of(UUID listUid, String beneficiaryId, int installmentNumber) {
        String name = "installment:" + listUid + ":" + beneficiaryId + ":" + installmentNumber;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The reference attempt {@code attempt} goes under after {@code current} was spent: UUIDv5(current, "attempt:N"). */
    public static UUID forAttempt(UUID current, int attempt) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java platform", e);
        }
        ByteBuffer namespace = ByteBuffer.allocate(16);
        namespace.putLong(current.getMostSignificantBits()).putLong(current.getLeastSignificantBits());
        sha1.update(namespace.array());
        byte[] hash = sha1.digest(("attempt:" + attempt).getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
