package org.opendisbursement.gateway.intake;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The columns a payment list may have; the header names them, in any order. */
enum Column {
    BENEFICIARY_ID(true), FULL_NAME(true), NATIONAL_ID(false), CHANNEL(true), WALLET_NUMBER(false),
    AMOUNT(true), INSTALLMENTS(true), LOCATION(false), CATEGORY(false);

    /** A required column must be in the header; an optional one may be left out (wallet_number: for all-cash lists). */
    final boolean required;

    /** Columns whose values are personal identifiers, masked wherever they are shown. */
    boolean masked() {
        return this == NATIONAL_ID || this == WALLET_NUMBER;
    }

    Column(boolean required) {
        this.required = required;
    }

    String header() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Column> byHeader(String header) {
        String name = header.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.header().equals(name)).findFirst();
    }
}
