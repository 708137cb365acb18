package org.opendisbursement.gateway.vouchers;

import java.time.Instant;
import java.util.Map;
import org.opendisbursement.gateway.money.Money;

/** What became of one attempt to redeem a voucher: paid, already recorded (an offline upload sent again), or refused. */
public sealed interface Redemption permits Redemption.Paid, Redemption.AlreadyRecorded, Redemption.Refused {

    /** The voucher is redeemed now and its installment CONFIRMED; the agent hands over {@code amount} to this person. */
    record Paid(long voucherId, long installmentId, long listId, int installment, String beneficiaryId, String fullName,
                Money amount, String location, Instant redeemedAt, String redeemedBy, String code) implements Redemption {
    }

    /** This very redemption (same voucher, agent and time) was recorded before: nothing changes. */
    record AlreadyRecorded(long voucherId, String beneficiaryId, Instant redeemedAt) implements Redemption {
    }

    /** Nothing changed; {@code facts} say what stands in the way (when and where it was redeemed …). */
    record Refused(Refusal reason, String detail, Map<String, Object> facts) implements Redemption {

        Refused(Refusal reason, String detail) {
            this(reason, detail, Map.of());
        }
    }

    /** Why a redemption was refused, with the HTTP status the API answers. */
    enum Refusal {
        /** Not a code: wrong length or characters, or the check character does not match. Counts as a wrong code. */
        MISTYPED(422),
        /** A well-formed code that no voucher has. Counts as a wrong code. */
        UNKNOWN_CODE(404),
        ALREADY_REDEEMED(409),
        EXPIRED(409),
        CANCELLED(409),
        /** The code was replaced by a reprint or a reissue. */
        VOID(409),
        WRONG_LOCATION(409),
        /** Too many wrong codes: this user may not redeem until the lockout ends. */
        LOCKED_OUT(429),
        /** A row of an offline upload that cannot be read (time, agent …). */
        INVALID(400);

        final int status;

        Refusal(int status) {
            this.status = status;
        }

        /** The HTTP status the API answers this refusal with. */
        public int status() {
            return status;
        }

        boolean isWrongCode() {
            return this == MISTYPED || this == UNKNOWN_CODE;
        }
    }
}
