package org.emotionlens.sink.stream;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.math.BigDecimal;

/**
 * The JSON provider (Parsson in the runtime), looked up once since {@code JsonProvider.provider()} searches the
 * service loader on every call, and numbers as the sinks write them.
 */
public final class JsonValues {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonValues() {
    }

    public static JsonProvider provider() {
        return PROVIDER;
    }

    /** A float's shortest decimal form (it parses back to the same float); whole numbers as integers; null when not finite. */
    public static JsonValue number(double v) {
        if (!Double.isFinite(v)) {
            return JsonValue.NULL;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return PROVIDER.createValue((long) v);
        }
        return PROVIDER.createValue(new BigDecimal(Float.toString((float) v)));
    }

    /** An array of {@link #number numbers}, e.g. a face box {@code [x, y, width, height]}. */
    public static JsonArray numbers(double... values) {
        JsonArrayBuilder b = PROVIDER.createArrayBuilder();
        for (double v : values) {
            b.add(number(v));
        }
        return b.build();
    }
}
