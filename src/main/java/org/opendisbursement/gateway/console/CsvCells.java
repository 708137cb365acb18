package org.opendisbursement.gateway.console;

/**
 * Keeps a text cell of a downloaded CSV from being run as a spreadsheet formula (a cell starting with =, +, @, a
 * tab or a carriage return, or - followed by something that is not a number, gets a leading apostrophe).
 */
final class CsvCells {

    private CsvCells() {
    }

    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '@' || first == '\t' || first == '\r'
                || (first == '-' && !value.matches("-[0-9.]+"));
        return formula ? "'" + value : value;
    }
}
