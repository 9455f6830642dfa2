package org.emotionlens.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Minimal protobuf wire-format reader over a buffer: varints, length-delimited fields, skipping the rest. */
public final class ProtoReader {
    private ProtoReader() { }

    /** The first length-delimited field {@code wanted} of a message, or null. */
    public static ByteBuffer field(ByteBuffer message, int wanted) {
        for (ByteBuffer m = message.duplicate(); m.hasRemaining();) {
            int tag = (int) varint(m);
            if (tag >>> 3 == wanted && (tag & 7) == 2) return slice(m);
            skip(m, tag & 7);
        }
        return null;
    }

    /** Hands every length-delimited field {@code number} of a message to {@code each}, in stored order. */
    public static void forEach(ByteBuffer message, int number, Consumer<ByteBuffer> each) {
        for (ByteBuffer m = message.duplicate(); m.hasRemaining();) {
            int tag = (int) varint(m);
            if (tag >>> 3 == number && (tag & 7) == 2) each.accept(slice(m));
            else skip(m, tag & 7);
        }
    }

    public static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0;; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) return v;
        }
    }

    /** The length-delimited payload at the buffer's position; the position moves past it. */
    public static ByteBuffer slice(ByteBuffer b) {
        int len = (int) varint(b);
        ByteBuffer s = b.slice(b.position(), len);
        b.position(b.position() + len);
        return s;
    }

    public static String string(ByteBuffer b) {
        ByteBuffer s = slice(b);
        byte[] a = new byte[s.remaining()];
        s.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    public static void skip(ByteBuffer b, int wireType) {
        switch (wireType) {
            case 0 -> varint(b);
            case 1 -> b.position(b.position() + 8);
            case 2 -> slice(b);
            case 5 -> b.position(b.position() + 4);
            default -> throw new IllegalArgumentException("wire type " + wireType);
        }
    }
}
