package org.opendisbursement.gateway.intake;

import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendisbursement.gateway.money.Money;
import org.springframework.stereotype.Component;

/**
 * The largest single installment each channel may pay, per currency. A channel with no limit in a currency does
 * not pay in that currency (bKash pays BDT, M-Pesa KES), so a row asking for it is refused.
 */
@Component
class PayoutLimits {

    private final Map<Channel, Map<Currency, Money>> limits = new EnumMap<>(Channel.class);

    PayoutLimits(IntakeProperties properties) {
        properties.payoutLimits().forEach((channel, texts) -> {
            Map<Currency, Money> byCurrency = new HashMap<>();
            for (String text : texts) {
                Money limit = Money.parse(text);
                byCurrency.put(limit.currency(), limit);
            }
            limits.put(channel, byCurrency);
        });
    }

    static PayoutLimits of(Map<Channel, List<String>> limits) {
        return new PayoutLimits(new IntakeProperties(null, 0, 0, 0, limits, Map.of()));
    }

    Optional<Money> limitFor(Channel channel, Currency currency) {
        return Optional.ofNullable(limits.getOrDefault(channel, Map.of()).get(currency));
    }
}
