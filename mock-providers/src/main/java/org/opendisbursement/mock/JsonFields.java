package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.common.Json;

import java.math.BigDecimal;
import java.util.Map;

/** Read access to a parsed JSON object (a request body). */
record JsonFields(Map<String, Object> values) {

    static JsonFields parse(String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedRequest("the body must be a JSON object");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.read(json, Map.class);
            if (map == null) {
                throw new MalformedRequest("the body must be a JSON object");
            }
            return new JsonFields(map);
        } catch (RuntimeException e) {
            if (e instanceof MalformedRequest) {
                throw e;
            }
            throw new MalformedRequest("the body is not a JSON object");
        }
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    boolean isText(String name) {
        return values.get(name) instanceof String;
    }

    /** The member as text (numbers in plain notation), or null when absent. */
    String text(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).toPlainString();
        }
        if (value instanceof Map || value instanceof Iterable) {
            throw new MalformedRequest(name + " must be a value, not an object or array");
        }
        return String.valueOf(value);
    }

    /** The member as non-blank text; {@link MalformedRequest} otherwise. */
    String requiredText(String name) {
        String text = text(name);
        if (text == null || text.isBlank()) {
            throw new MalformedRequest(name + " is required");
        }
        return text;
    }

    /** A nested object, empty when absent. */
    JsonFields object(String name) {
        Object value = values.get(name);
        if (value == null) {
            return new JsonFields(Map.of());
        }
        if (!(value instanceof Map)) {
            throw new MalformedRequest(name + " must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return new JsonFields(map);
    }
}
