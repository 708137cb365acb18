package org.opendisbursement.mock;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Thread-safe record of every transfer the mock accepted, keyed by (provider, client reference).
 * {@link #register} is atomic, so one reference can never be accepted, let alone executed, twice.
 */
public final class PayoutJournal {

    private final ConcurrentMap<String, Transfer> byReference = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Transfer> byProviderId = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** A number unique within this journal. */
    public long nextNumber() {
        return sequence.incrementAndGet();
    }

    /** A new id, unique within this journal: the prefix and eight upper-case base-36 digits. */
    public String nextId(String prefix) {
        String digits = Long.toString(nextNumber(), 36).toUpperCase(Locale.ROOT);
        return prefix + "0".repeat(Math.max(0, 8 - digits.length())) + digits;
    }

    /** Registers the transfer; false if its reference was already registered (a duplicate). */
    public boolean register(Transfer transfer) {
        if (byReference.putIfAbsent(key(transfer.provider(), transfer.reference()), transfer) != null) {
            return false;
        }
        if (transfer.providerTransactionId() != null) {
            byProviderId.put(key(transfer.provider(), transfer.providerTransactionId()), transfer);
        }
        return true;
    }

    public Optional<Transfer> byReference(String provider, String reference) {
        return reference == null ? Optional.empty() : Optional.ofNullable(byReference.get(key(provider, reference)));
    }

    public Optional<Transfer> byProviderTransactionId(String provider, String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byProviderId.get(key(provider, id)));
    }

    /** Executed payouts, oldest first. */
    public List<ExecutedPayout> executed() {
        return byReference.values().stream()
                .filter(transfer -> transfer.executedAt() != null)
                .map(Transfer::asExecuted)
                .sorted(Comparator.comparing(ExecutedPayout::executedAt))
                .collect(Collectors.toList());
    }

    /** Sum of the executed amounts; amounts that are not numbers are left out. */
    public static BigDecimal sum(List<ExecutedPayout> payouts) {
        BigDecimal sum = BigDecimal.ZERO;
        for (ExecutedPayout payout : payouts) {
            try {
                sum = sum.add(new BigDecimal(payout.amount().trim()));
            } catch (RuntimeException notANumber) {
                // the journal keeps the amount as sent; a non-number cannot be summed
            }
        }
        return sum;
    }

    public int size() {
        return byReference.size();
    }

    public void clear() {
        byReference.clear();
        byProviderId.clear();
    }

    private static String key(String provider, String id) {
        return provider + '\u0000' + id;
    }
}
