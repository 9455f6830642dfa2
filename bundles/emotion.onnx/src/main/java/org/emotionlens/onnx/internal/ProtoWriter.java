package org.emotionlens.onnx.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Minimal protobuf wire-format writer: varints, length-delimited fields, packed floats. */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void tag(int field, int wireType) { varint(((long) field << 3) | wireType); }

    public ProtoWriter int64(int field, long v) { tag(field, 0); varint(v); return this; }

    public ProtoWriter bytes(int field, byte[] b) { tag(field, 2); varint(b.length); out.writeBytes(b); return this; }

    public ProtoWriter string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

    public ProtoWriter message(int field, ProtoWriter m) { return bytes(field, m.toByteArray()); }

    public ProtoWriter float32(int field, float f) {
        tag(field, 5);
        int bits = Float.floatToIntBits(f);
        for (int k = 0; k < 4; k++) out.write((bits >>> (8 * k)) & 0xFF);
        return this;
    }

    /** Little-endian float32 bytes (TensorProto.raw_data). */
    public static byte[] floatBytes(float[] values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToIntBits(values[i]);
            for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (bits >>> (8 * k));
        }
        return b;
    }

    public byte[] toByteArray() { return out.toByteArray(); }
}
