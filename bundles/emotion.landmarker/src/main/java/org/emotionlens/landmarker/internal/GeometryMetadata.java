package org.emotionlens.landmarker.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MediaPipe's GeometryPipelineMetadata (geometry_pipeline_metadata_landmarks.binarypb in face_landmarker.task):
 * the canonical face mesh's vertex positions in centimetres and the Procrustes weight of each landmark. Read with a
 * few lines of protobuf wire-format decoding (fields: 1 canonical_mesh {1 vertex_type, 2 primitive_type,
 * 3 vertex_buffer floats, 4 index_buffer}, 2 procrustes_landmark_basis {1 landmark_id, 2 weight}, 3 input_source),
 * so the bundle needs no protobuf runtime.
 *
 * @param canonical x, y, z of each canonical vertex (3 values per vertex)
 * @param weights   Procrustes weight per vertex (0 for vertices outside the basis)
 */
record GeometryMetadata(float[] canonical, float[] weights) {
    /** VERTEX_PT: position x, y, z then texture u, v. */
    private static final int VERTEX_SIZE = 5;

    int vertices() {
        return weights.length;
    }

    static GeometryMetadata parse(byte[] bytes) {
        Reader r = new Reader(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        FloatList buffer = new FloatList();
        FloatList ids = new FloatList();
        FloatList basisWeights = new FloatList();
        int inputSource = 0;
        while (r.more()) {
            int tag = r.varint32();
            switch (tag >>> 3) {
                case 1 -> {
                    Reader mesh = r.message();
                    while (mesh.more()) {
                        int t = mesh.varint32();
                        if (t >>> 3 == 1 && (t & 7) == 0 && mesh.varint32() != 0) {
                            throw new IllegalArgumentException("canonical mesh is not VERTEX_PT");
                        } else if (t >>> 3 == 3) {
                            mesh.floats(t & 7, buffer);
                        } else if (t >>> 3 != 1) {
                            mesh.skip(t & 7);
                        }
                    }
                }
                case 2 -> {
                    Reader ref = r.message();
                    long id = -1;
                    float weight = 0f;
                    while (ref.more()) {
                        int t = ref.varint32();
                        if (t == (1 << 3)) {
                            id = ref.varint32();
                        } else if (t == (2 << 3 | 5)) {
                            weight = ref.buffer.getFloat();
                        } else {
                            ref.skip(t & 7);
                        }
                    }
                    ids.add(id);
                    basisWeights.add(weight);
                }
                case 3 -> inputSource = r.varint32();
                default -> r.skip(tag & 7);
            }
        }
        if (inputSource == 2) {
            throw new IllegalArgumentException("geometry metadata is for the face detection pipeline, not landmarks");
        }
        if (buffer.size == 0 || buffer.size % VERTEX_SIZE != 0) {
            throw new IllegalArgumentException("canonical mesh has " + buffer.size + " vertex values, not a multiple"
                    + " of " + VERTEX_SIZE);
        }
        int n = buffer.size / VERTEX_SIZE;
        float[] canonical = new float[3 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(buffer.values, VERTEX_SIZE * i, canonical, 3 * i, 3);
        }
        float[] weights = new float[n];
        for (int k = 0; k < ids.size; k++) {
            int id = (int) ids.values[k];
            if (id < 0 || id >= n) {
                throw new IllegalArgumentException("Procrustes basis names landmark " + id + " of " + n);
            }
            weights[id] = basisWeights.values[k];
        }
        return new GeometryMetadata(canonical, weights);
    }

    private static final class FloatList {
        float[] values = new float[1024];
        int size;

        void add(float v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    private static final class Reader {
        final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        boolean more() {
            return buffer.hasRemaining();
        }

        int varint32() {
            return (int) varint();
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buffer.get();
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint in geometry metadata");
        }

        Reader message() {
            int length = varint32();
            ByteBuffer slice = buffer.slice(buffer.position(), length).order(ByteOrder.LITTLE_ENDIAN);
            buffer.position(buffer.position() + length);
            return new Reader(slice);
        }

        /** A repeated float field, packed (wire type 2) or one value (wire type 5). */
        void floats(int wireType, FloatList out) {
            if (wireType == 5) {
                out.add(buffer.getFloat());
            } else if (wireType == 2) {
                Reader packed = message();
                while (packed.more()) {
                    out.add(packed.buffer.getFloat());
                }
            } else {
                throw new IllegalArgumentException("vertex_buffer has wire type " + wireType);
            }
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> buffer.position(buffer.position() + 8);
                case 2 -> message();
                case 5 -> buffer.position(buffer.position() + 4);
                default -> throw new IllegalArgumentException("unknown wire type " + wireType + " in geometry metadata");
            }
        }
    }
}
