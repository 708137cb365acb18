package org.opendisbursement.gateway.vouchers;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Redeems vouchers, online (a field agent at the distribution point) or offline (a row of an upload, with the time
 * the cash was handed over). The same rules every time: the user is not locked out; the code checks out (check
 * character) and is known (hash); its voucher is unpaid, its code live, its validity not over at the time of the
 * hand-over, and the place is the voucher's distribution point. The voucher row is locked, so of two simultaneous
 * redemptions exactly one pays; the voucher becomes REDEEMED and its installment PENDING → CONFIRMED with a
 * VOUCHER_REDEEMED ledger entry naming the agent, in one transaction. Mistyped and unknown codes count against the
 * user ({@link WrongCodes}).
 */
@Service
public class Redemptions {

    /**
     * @param at         when the cash was handed over: null online (now), the reported time offline
     * @param countedAs  the user whose wrong codes these are (the agent online, the uploader offline)
     * @param uploadedBy who uploaded an offline redemption, or null
     */
    public record Request(String code, String location, String agent, Instant at, String countedAs, String uploadedBy) {

        boolean offline() {
            return at != null;
        }
    }

    /** An offline time may be this far off the gateway's clock (field devices' clocks drift). */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(15);

    private static final Logger log = LoggerFactory.getLogger(Redemptions.class);

    /**
     * Everything the rules look at, read after the voucher row is locked: the voucher, whom it pays, its redemption
     * and closure if any, and the code that was presented. Small typed parts, so nothing is passed in the wrong place.
     */
    record Facts(Voucher voucher, Payee payee, Redeemed redeemed, Closed closed, Code code) {

        /** The voucher row: its installment, list and installment number, state, place and end of validity. */
        record Voucher(long id, long installmentId, long listId, int number, String state, String location,
                       Instant validUntil) {
        }

        /** Whom it pays, and how much (minor units of the currency). */
        record Payee(String beneficiaryId, String fullName, long amountMinor, String currency) {
        }

        /** When, by whom and where it was redeemed (all null while it is not), and whether offline. */
        record Redeemed(Instant at, String by, String location, Boolean offline) {
            static final Redeemed NOT = new Redeemed(null, null, null, null);
        }

        /** When and why it was closed (cancelled, expired, voided), or nulls. */
        record Closed(Instant at, String reason) {
        }

        /** The code presented: when its sheet was printed, whether a reprint voided it, and its last characters. */
        record Code(Instant printedAt, Instant voidedAt, String voidReason, String tail) {
        }

        long voucherId() {
            return voucher.id();
        }

        long installmentId() {
            return voucher.installmentId();
        }

        long listId() {
            return voucher.listId();
        }

        int number() {
            return voucher.number();
        }

        String state() {
            return voucher.state();
        }

        String location() {
            return voucher.location();
        }

        Instant validUntil() {
            return voucher.validUntil();
        }

        String beneficiaryId() {
            return payee.beneficiaryId();
        }

        String fullName() {
            return payee.fullName();
        }

        long amountMinor() {
            return payee.amountMinor();
        }

        String currency() {
            return payee.currency();
        }

        Instant redeemedAt() {
            return redeemed.at();
        }

        String redeemedBy() {
            return redeemed.by();
        }

        String redeemedLocation() {
            return redeemed.location();
        }

        Boolean redeemedOffline() {
            return redeemed.offline();
        }

        Instant closedAt() {
            return closed.at();
        }

        String closeReason() {
            return closed.reason();
        }

        Instant printedAt() {
            return code.printedAt();
        }

        Instant voidedAt() {
            return code.voidedAt();
        }

        String voidReason() {
            return code.voidReason();
        }

        String codeTail() {
            return code.tail();
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Moves moves;
    private final WrongCodes wrongCodes;
    private final Clock clock;

    Redemptions(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Moves moves, WrongCodes wrongCodes,
                Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.moves = moves;
        this.wrongCodes = wrongCodes;
        this.clock = clock;
    }

    public Redemption redeem(Request request) {
        Instant lockedUntil = wrongCodes.lockedUntil(request.countedAs());
        if (lockedUntil != null) {
            return new Redemption.Refused(Redemption.Refusal.LOCKED_OUT, request.countedAs() + " entered too many wrong codes"
                    + " and may not redeem vouchers until " + lockedUntil, Map.of("lockedUntil", lockedUntil));
        }
        VoucherCode.Reading reading = VoucherCode.read(request.code());
        Redemption result;
        if (reading instanceof VoucherCode.Valid valid) {
            result = transaction.execute(tx -> redeem(valid.code(), request));
        } else {
            result = new Redemption.Refused(Redemption.Refusal.MISTYPED,
                    "this is not a voucher code: " + ((VoucherCode.Mistyped) reading).reason() + ". Type it again");
        }
        if (result instanceof Redemption.Refused refused && refused.reason().isWrongCode()) {
            WrongCodes.Counted counted = wrongCodes.count(request.countedAs());
            Map<String, Object> facts = new LinkedHashMap<>(refused.facts());
            facts.put("attemptsLeft", counted.attemptsLeft());
            if (counted.lockedUntil() != null) {
                facts.put("lockedUntil", counted.lockedUntil());
            }
            result = new Redemption.Refused(refused.reason(), refused.detail(), facts);
        }
        if (result instanceof Redemption.Refused refused) {
            log.info("voucher redemption by {} refused: {}", request.agent(), refused.reason());
        }
        return result;
    }

    private Redemption redeem(VoucherCode code, Request request) {
        String hash = code.hash();
        List<Long> voucher = jdbc.queryForList("SELECT voucher_id FROM voucher_code WHERE code_hash = :hash",
                Map.of("hash", hash), Long.class);
        if (voucher.isEmpty()) {
            return new Redemption.Refused(Redemption.Refusal.UNKNOWN_CODE,
                    "no voucher has this code: check it with the beneficiary's voucher and type it again");
        }
        long voucherId = voucher.get(0);
        // lock the voucher, then read it afresh: a redemption that got there first has committed by then
        jdbc.queryForList("SELECT id FROM voucher WHERE id = :id FOR UPDATE", Map.of("id", voucherId), Long.class);
        Facts facts = facts(voucherId, hash);
        Instant now = clock.instant();
        Redemption decided = decide(facts, request, now);
        if (decided != null) {
            return decided;
        }
        Instant at = request.offline() ? request.at() : now;
        jdbc.update("""
                UPDATE voucher SET state = 'REDEEMED', redeemed_at = :at, redeemed_by = :agent,
                                   redeemed_location = location, redeemed_offline = :offline
                WHERE id = :id AND state = 'ISSUED'""", new MapSqlParameterSource().addValue("id", voucherId)
                .addValue("at", Timestamp.from(at)).addValue("agent", request.agent()).addValue("offline", request.offline()));
        String detail = "cash handed over at " + facts.location() + " by " + request.agent() + " against voucher "
                + voucherId + " (code " + VoucherCode.masked(facts.codeTail()) + ")"
                + (request.offline() ? ", offline at " + at + ", uploaded by " + request.uploadedBy() : "");
        int moved = moves.apply(List.of(Move.of(facts.installmentId())
                .from(InstallmentState.PENDING).to(InstallmentState.CONFIRMED).action(LedgerAction.VOUCHER_REDEEMED)
                .detail(detail).build()), request.agent(), now);
        if (moved != 1) {
            throw new IllegalStateException("installment " + facts.installmentId() + " of voucher " + voucherId
                    + " is not PENDING; nothing was redeemed");
        }
        return new Redemption.Paid(voucherId, facts.installmentId(), facts.listId(), facts.number(), facts.beneficiaryId(),
                facts.fullName(), Money.ofMinor(facts.amountMinor(), facts.currency()), facts.location(), at,
                request.agent(), VoucherCode.masked(facts.codeTail()));
    }

    /** The rules. @return the refusal, the redemption already recorded, or null when the voucher may be paid */
    static Redemption decide(Facts v, Request request, Instant now) {
        Instant at = request.offline() ? request.at() : now;
        if (request.offline() && at.isAfter(now.plus(CLOCK_TOLERANCE))) {
            return new Redemption.Refused(Redemption.Refusal.INVALID, "the hand-over time " + at + " is in the future");
        }
        if ("REDEEMED".equals(v.state())) {
            if (request.offline() && request.agent().equals(v.redeemedBy()) && at.equals(v.redeemedAt())) {
                return new Redemption.AlreadyRecorded(v.voucherId(), v.beneficiaryId(), at);
            }
            return new Redemption.Refused(Redemption.Refusal.ALREADY_REDEEMED, "voucher " + v.voucherId()
                    + " was already redeemed at " + v.redeemedAt() + " at " + v.redeemedLocation() + " by "
                    + v.redeemedBy() + ": do not pay it again", facts("voucherId", v.voucherId(), "redeemedAt", v.redeemedAt(),
                    "redeemedLocation", v.redeemedLocation(), "redeemedBy", v.redeemedBy(),
                    "redeemedOffline", Boolean.TRUE.equals(v.redeemedOffline())));
        }
        if ("CANCELLED".equals(v.state())) {
            return new Redemption.Refused(Redemption.Refusal.CANCELLED, "voucher " + v.voucherId() + " was cancelled at "
                    + v.closedAt() + " (" + v.closeReason() + ") and can no longer be paid" + reconcile(request, at, v.closedAt()),
                    facts("voucherId", v.voucherId(), "cancelledAt", v.closedAt()));
        }
        if ("VOID".equals(v.state())) {
            return new Redemption.Refused(Redemption.Refusal.VOID, "voucher " + v.voucherId() + " was replaced by a reissued"
                    + " voucher at " + v.closedAt() + " and can no longer be paid" + reconcile(request, at, v.closedAt()),
                    facts("voucherId", v.voucherId(), "voidedAt", v.closedAt(), "voidReason", "REISSUE"));
        }
        // a code replaced by a reprint: void, unless an offline hand-over happened while it was still the live code
        if (v.voidedAt() != null && (!request.offline() || !at.isBefore(v.voidedAt()))) {
            return new Redemption.Refused(Redemption.Refusal.VOID, "this code of voucher " + v.voucherId()
                    + " was replaced by a reprint at " + v.voidedAt() + " and can no longer be paid; the reprinted voucher can",
                    facts("voucherId", v.voucherId(), "voidedAt", v.voidedAt(), "voidReason", v.voidReason()));
        }
        if ("EXPIRED".equals(v.state()) || !at.isBefore(v.validUntil())) {
            return new Redemption.Refused(Redemption.Refusal.EXPIRED, "voucher " + v.voucherId() + " could be redeemed until "
                    + v.validUntil() + "; it has expired" + ("EXPIRED".equals(v.state()) ? reconcile(request, at, v.validUntil()) : ""),
                    facts("voucherId", v.voucherId(), "validUntil", v.validUntil()));
        }
        if (request.offline() && at.isBefore(v.printedAt().minus(CLOCK_TOLERANCE))) {
            return new Redemption.Refused(Redemption.Refusal.INVALID, "the hand-over time " + at
                    + " is before the voucher was printed (" + v.printedAt() + ")");
        }
        if (!samePlace(v.location(), request.location())) {
            return new Redemption.Refused(Redemption.Refusal.WRONG_LOCATION, "voucher " + v.voucherId()
                    + " is paid only at " + v.location() + ", not at " + request.location(),
                    facts("voucherId", v.voucherId(), "location", v.location()));
        }
        return null;
    }

    /** For an offline hand-over reported before the voucher was closed: the cash went out, so people must look. */
    private static String reconcile(Request request, Instant at, Instant closedAt) {
        return request.offline() && closedAt != null && at.isBefore(closedAt)
                ? "; it was still payable at the reported hand-over (" + at + "): a finance checker must reconcile this payment"
                : "";
    }

    /** Name-value pairs; a null value is left out. */
    private static Map<String, Object> facts(Object... pairs) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                facts.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return facts;
    }

    /** Whether two distribution points are one place (spaces and case set aside), as redemption compares them. */
    public static boolean samePlace(String a, String b) {
        return a != null && b != null && normal(a).equals(normal(b));
    }

    private static String normal(String place) {
        return place.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private Facts facts(long voucherId, String hash) {
        return jdbc.queryForObject("""
                SELECT v.id, v.installment_id, v.list_id, v.number, b.beneficiary_id, b.full_name, v.amount_minor,
                       v.currency, v.location, v.state, v.valid_until, v.redeemed_at, v.redeemed_by, v.redeemed_location,
                       v.redeemed_offline, v.closed_at, v.close_reason, c.printed_at, c.voided_at, c.void_reason, c.code_tail
                FROM voucher v JOIN beneficiary b ON b.id = v.beneficiary_ref
                JOIN voucher_code c ON c.voucher_id = v.id AND c.code_hash = :hash
                WHERE v.id = :id""", new MapSqlParameterSource().addValue("id", voucherId).addValue("hash", hash),
                (rs, n) -> new Facts(
                        new Facts.Voucher(rs.getLong("id"), rs.getLong("installment_id"), rs.getLong("list_id"),
                                rs.getInt("number"), rs.getString("state"), rs.getString("location"),
                                instant(rs.getTimestamp("valid_until"))),
                        new Facts.Payee(rs.getString("beneficiary_id"), rs.getString("full_name"),
                                rs.getLong("amount_minor"),
                                rs.getString("currency").strip()),
                        new Facts.Redeemed(instant(rs.getTimestamp("redeemed_at")), rs.getString("redeemed_by"),
                                rs.getString("redeemed_location"), (Boolean) rs.getObject("redeemed_offline")),
                        new Facts.Closed(instant(rs.getTimestamp("closed_at")), rs.getString("close_reason")),
                        new Facts.Code(instant(rs.getTimestamp("printed_at")), instant(rs.getTimestamp("voided_at")),
                                rs.getString("void_reason"), rs.getString("code_tail").strip())));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
