package org.emotionlens.sink.csv.json;

/**
 * Just enough JSON writing for the file sink's prediction lines: strings escaped, non-finite numbers as null. Private
 * to this bundle (not exported).
 */
public final class Json {
    private Json() {
    }

    public static StringBuilder string(StringBuilder b, String s) {
        if (s == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                // '<' escaped so that a source name can never close a script element if the JSON is ever inlined
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    public static StringBuilder number(StringBuilder b, double v) {
        if (!Double.isFinite(v)) {
            return b.append("null");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return b.append((long) v);
        }
        return b.append((float) v);
    }
}
