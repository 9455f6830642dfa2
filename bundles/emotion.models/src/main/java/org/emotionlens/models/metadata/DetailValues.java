package org.emotionlens.models.metadata;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Java values as JSON for a metadata's details (training settings, metrics): maps (in their order), collections,
 * primitive arrays, numbers, text, booleans and null. Non-finite numbers become null, as JSON has none.
 */
public final class DetailValues {
    private static final JsonProvider JSON = JsonProvider.provider();

    private DetailValues() {
    }

    /** A map as a JSON object, members in the map's order. */
    public static JsonObject object(Map<String, ?> map) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        map.forEach((k, v) -> b.add(k, of(v)));
        return b.build();
    }

    /** One value; refuses types that have no JSON form rather than writing their toString. */
    public static JsonValue of(Object v) {
        if (v == null) {
            return JsonValue.NULL;
        } else if (v instanceof JsonValue j) {
            return j;
        } else if (v instanceof String s) {
            return JSON.createValue(s);
        } else if (v instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return JSON.createValue(((Number) v).longValue());
        } else if (v instanceof Float f) {
            // a float's own shortest decimal, not that of the double it widens to
            return Float.isFinite(f) ? JSON.createValue(new BigDecimal(Float.toString(f))) : JsonValue.NULL;
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? JSON.createValue(d) : JsonValue.NULL;
        } else if (v instanceof Map<?, ?> m) {
            JsonObjectBuilder b = JSON.createObjectBuilder();
            m.forEach((k, x) -> b.add(String.valueOf(k), of(x)));
            return b.build();
        } else if (v instanceof Collection<?> c) {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            c.forEach(x -> b.add(of(x)));
            return b.build();
        } else if (v instanceof int[] a) {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            for (int x : a) {
                b.add(x);
            }
            return b.build();
        } else if (v instanceof double[] a) {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            for (double x : a) {
                b.add(of(x));
            }
            return b.build();
        } else if (v instanceof Object[] a) {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            for (Object x : a) {
                b.add(of(x));
            }
            return b.build();
        }
        throw new IllegalArgumentException("no JSON form for a " + v.getClass().getName());
    }
}
