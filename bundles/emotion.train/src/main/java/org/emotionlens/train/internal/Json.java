package org.emotionlens.train.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Tiny JSON writer (maps, lists, arrays, strings, numbers, booleans) and parser (to Map/List/String/Double/Boolean). */
public final class Json {
    private Json() { }

    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, 0);
        return sb.append('\n').toString();
    }

    private static void indent(StringBuilder sb, int n) { sb.append('\n'); sb.append("  ".repeat(n)); }

    private static boolean scalarList(List<?> l) {
        for (Object o : l) if (o instanceof Map || o instanceof List || o instanceof int[] || o instanceof double[] || o instanceof Object[]) return false;
        return true;
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (v == null) sb.append("null");
        else if (v instanceof String s) string(sb, s);
        else if (v instanceof Double d) sb.append(Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d)) : "null");
        else if (v instanceof Float f) write(sb, (double) f, depth);
        else if (v instanceof Number || v instanceof Boolean) sb.append(v);
        else if (v instanceof int[] a) { List<Object> l = new ArrayList<>(); for (int x : a) l.add(x); write(sb, l, depth); }
        else if (v instanceof double[] a) { List<Object> l = new ArrayList<>(); for (double x : a) l.add(x); write(sb, l, depth); }
        else if (v instanceof Object[] a) write(sb, List.of(a), depth);
        else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                indent(sb, depth + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), depth + 1);
            }
            if (!m.isEmpty()) indent(sb, depth);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            boolean flat = scalarList(l);
            sb.append('[');
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) sb.append(flat ? ", " : ",");
                if (!flat) indent(sb, depth + 1);
                write(sb, l.get(k), depth + 1);
            }
            if (!flat && !l.isEmpty()) indent(sb, depth);
            sb.append(']');
        } else string(sb, v.toString());
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        sb.append('"');
    }

    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.pos != text.length()) throw p.error("trailing characters");
        return v;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) { this.s = s; }

        IllegalArgumentException error(String what) {
            int line = 1;
            for (int k = 0; k < Math.min(pos, s.length()); k++) if (s.charAt(k) == '\n') line++;
            return new IllegalArgumentException("invalid JSON at line " + line + ": " + what);
        }

        void ws() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        char peek() {
            if (pos >= s.length()) throw error("unexpected end");
            return s.charAt(pos);
        }

        void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        Object value() {
            char c = peek();
            if (c == '{') {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (peek() == '}') { pos++; return m; }
                while (true) {
                    ws();
                    String k = str();
                    ws();
                    expect(':');
                    ws();
                    m.put(k, value());
                    ws();
                    if (peek() == ',') { pos++; continue; }
                    expect('}');
                    return m;
                }
            }
            if (c == '[') {
                pos++;
                List<Object> l = new ArrayList<>();
                ws();
                if (peek() == ']') { pos++; return l; }
                while (true) {
                    ws();
                    l.add(value());
                    ws();
                    if (peek() == ',') { pos++; continue; }
                    expect(']');
                    return l;
                }
            }
            if (c == '"') return str();
            if (s.startsWith("true", pos)) { pos += 4; return Boolean.TRUE; }
            if (s.startsWith("false", pos)) { pos += 5; return Boolean.FALSE; }
            if (s.startsWith("null", pos)) { pos += 4; return null; }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) pos++;
            if (start == pos) throw error("unexpected character '" + c + "'");
            try {
                return Double.parseDouble(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }

        String str() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') return sb.toString();
                if (c == '\\') {
                    char e = peek();
                    pos++;
                    switch (e) {
                        case 'n': sb.append('\n'); break;
                        case 't': sb.append('\t'); break;
                        case 'r': sb.append('\r'); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'u': sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16)); pos += 4; break;
                        default: sb.append(e);
                    }
                } else sb.append(c);
            }
        }
    }
}
