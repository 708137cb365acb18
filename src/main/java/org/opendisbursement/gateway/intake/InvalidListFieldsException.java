package org.opendisbursement.gateway.intake;

import java.util.List;

/** The list fields given with an upload (programme, currency, dates) are wrong; nothing was stored. */
public class InvalidListFieldsException extends RuntimeException {

    private final transient List<ValidationError> errors;

    public InvalidListFieldsException(List<ValidationError> errors) {
        super(errors.size() + " list field(s) invalid: " + errors.get(0).column() + " " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
