package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.common.Json;

import java.util.Optional;

/**
 * Finds the exact text of a top-level member's value in a JSON object. Nagad's transactionSignature is
 * an HMAC over the JSON text of transactionInfo, so the mock must check the bytes the client sent,
 * not a re-serialisation.
 */
final class RawJson {

    private final String json;
    private int position;

    private RawJson(String json) {
        this.json = json;
    }

    static Optional<String> member(String json, String name) {
        try {
            return new RawJson(json).find(name);
        } catch (IndexOutOfBoundsException e) {
            throw new MalformedRequest("truncated JSON");
        }
    }

    private Optional<String> find(String name) {
        skipWhitespace();
        expect('{');
        skipWhitespace();
        if (json.charAt(position) == '}') {
            return Optional.empty();
        }
        while (true) {
            skipWhitespace();
            int keyStart = position;
            skipString();
            String key = Json.read(json.substring(keyStart, position), String.class);
            skipWhitespace();
            expect(':');
            skipWhitespace();
            int valueStart = position;
            skipValue();
            if (key.equals(name)) {
                return Optional.of(json.substring(valueStart, position));
            }
            skipWhitespace();
            char next = json.charAt(position++);
            if (next == '}') {
                return Optional.empty();
            }
            if (next != ',') {
                throw new MalformedRequest("invalid JSON near position " + position);
            }
        }
    }

    private void skipValue() {
        char first = json.charAt(position);
        if (first == '"') {
            skipString();
        } else if (first == '{' || first == '[') {
            int depth = 0;
            do {
                char c = json.charAt(position);
                if (c == '"') {
                    skipString();
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
                position++;
            } while (depth > 0);
        } else {
            while (position < json.length() && ",}] \t\r\n".indexOf(json.charAt(position)) < 0) {
                position++;
            }
        }
    }

    private void skipString() {
        expect('"');
        while (json.charAt(position) != '"') {
            position += json.charAt(position) == '\\' ? 2 : 1;
        }
        position++;
    }

    private void skipWhitespace() {
        while (position < json.length() && Character.isWhitespace(json.charAt(position))) {
            position++;
        }
    }

    private void expect(char c) {
        if (json.charAt(position) != c) {
            throw new MalformedRequest("invalid JSON: expected '" + c + "' at position " + position);
        }
        position++;
    }
}
