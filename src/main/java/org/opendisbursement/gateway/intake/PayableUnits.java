package org.opendisbursement.gateway.intake;

import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.money.Money;
import org.springframework.stereotype.Component;

/**
 * The payable unit of each channel per currency, from {@code disbursement.intake.payable-units} ("KES 1" in major
 * units). A channel or currency not listed falls back to what the channel can always pay: whole units for M-Pesa
 * (whole shillings only) and for cash (notes and coins, not paisa), one minor unit for bKash, Nagad and MTN.
 */
@Component
public class PayableUnits {

    private final Map<Channel, Map<Currency, PayableUnit>> units = new EnumMap<>(Channel.class);

    PayableUnits(IntakeProperties properties) {
        Map<Channel, List<String>> configured = properties.payableUnits() == null ? Map.of() : properties.payableUnits();
        configured.forEach((channel, texts) -> {
            Map<Currency, PayableUnit> byCurrency = new HashMap<>();
            for (String text : texts) {
                Money unit = Money.parse(text);
                if (byCurrency.put(unit.currency(), new PayableUnit(channel, unit)) != null) {
                    throw new IllegalArgumentException("disbursement.intake.payable-units." + channel + " names "
                            + unit.currencyCode() + " twice");
                }
            }
            units.put(channel, byCurrency);
        });
    }

    static PayableUnits of(Map<Channel, List<String>> units) {
        return new PayableUnits(new IntakeProperties(null, 0, 0, 0, Map.of(), units));
    }

    public PayableUnit of(Channel channel, Currency currency) {
        PayableUnit configured = units.getOrDefault(channel, Map.of()).get(currency);
        return configured != null ? configured : new PayableUnit(channel, switch (channel) {
            case MPESA, CASH -> PayableUnit.wholeUnitOf(currency);
            case BKASH, NAGAD, MTN -> new Money(1, currency);
        });
    }
}
