package org.opendisbursement.gateway.system;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Keeps a CSV parser from reading an unbounded field into memory: it sits between the file and the parser, follows
 * RFC 4180 (comma, line breaks, a field quoted when its first character is a double quote, {@code ""} inside quotes)
 * and fails with {@link TooLong} as soon as one field has more than {@code max} characters, naming its row (the
 * header is row 1, as in a spreadsheet) and column (from 0). Everything before that field reaches the parser first, so
 * the rows before it are read as usual. A quote left open makes the rest of the file one field, and so fails too.
 */
public final class CsvFieldLimit extends FilterReader {

    /** A field of more than {@link #max()} characters at {@link #row()}, column {@link #column()} (from 0). */
    public static final class TooLong extends IOException {

        private final long row;
        private final int column;
        private final int max;

        TooLong(long row, int column, int max) {
            super("row " + row + ", column " + (column + 1) + ": a field longer than " + max + " characters");
            this.row = row;
            this.column = column;
            this.max = max;
        }

        public long row() {
            return row;
        }

        public int column() {
            return column;
        }

        public int max() {
            return max;
        }
    }

    private final int max;
    private long row = 1;
    private int column;
    private int length;
    private boolean fieldStart = true;
    private boolean quoted;
    private boolean quoteInQuotes;
    private boolean afterCarriageReturn;
    private TooLong failed;

    private CsvFieldLimit(Reader in, int max) {
        super(in);
        this.max = max;
    }

    /** {@code in}, failing at the first field longer than {@code max} characters. */
    public static CsvFieldLimit of(Reader in, int max) {
        return new CsvFieldLimit(in, max);
    }

    /** The {@link TooLong} in {@code e} or its causes (a parser wraps it), or null. */
    public static TooLong cause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLong tooLong) {
                return tooLong;
            }
        }
        return null;
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int count) throws IOException {
        if (failed != null) {
            throw failed;
        }
        int n = in.read(buffer, offset, count);
        for (int i = 0; i < n; i++) {
            if (!accept(buffer[offset + i])) {
                failed = new TooLong(row, column, max);
                if (i == 0) {
                    throw failed;
                }
                return i;  // the rows before the long field reach the parser; the next read fails
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        char[] buffer = new char[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readAheadLimit) throws IOException {
        throw new IOException("mark is not supported");
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("reset is not supported");
    }

    /** Follows one character; false when it makes its field too long. */
    private boolean accept(char c) {
        boolean lineFeedOfCrLf = afterCarriageReturn && c == '\n';
        afterCarriageReturn = false;
        if (quoted) {
            if (quoteInQuotes) {
                quoteInQuotes = false;
                if (c == '"') {
                    return grow();  // "" stands for one quote
                }
                quoted = false;  // the closing quote; c is outside the quotes
            } else if (c == '"') {
                quoteInQuotes = true;
                return true;
            } else {
                return grow();
            }
        }
        if (c == ',') {
            column++;
            startField();
        } else if (c == '\r' || c == '\n') {
            if (!lineFeedOfCrLf) {
                row++;
            }
            afterCarriageReturn = c == '\r';
            column = 0;
            startField();
        } else if (c == '"' && fieldStart) {
            quoted = true;
            fieldStart = false;
        } else {
            fieldStart = false;
            return grow();
        }
        return true;
    }

    private void startField() {
        length = 0;
        fieldStart = true;
    }

    private boolean grow() {
        return ++length <= max;
    }
}
