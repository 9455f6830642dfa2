package org.emotionlens.api;

/**
 * Head rotation in degrees, read from MediaPipe's facial transformation matrix. The matrix maps the canonical face
 * model into a right-handed camera space (x to the image's right, y up, z towards the camera); its rotation part,
 * with the scale divided out, is taken as {@code R = Rz(roll) * Ry(yaw) * Rx(pitch)}. So a face looking straight
 * into the camera has all three near 0; yaw is positive when the face turns towards the image's right (the
 * person's left), pitch positive when it tilts down, roll positive when it leans counter-clockwise on the image.
 *
 * @param yaw   rotation about the vertical axis, -90..90
 * @param pitch rotation about the horizontal axis, -180..180
 * @param roll  rotation about the viewing axis, -180..180
 * @since 1.2
 */
public record HeadPose(double yaw, double pitch, double roll) {
    /** The pose of a 4 x 4 row-major transformation matrix (16 values). */
    public static HeadPose of(float[] m) {
        if (m.length != 16) {
            throw new IllegalArgumentException("a transformation matrix has 16 values (4 x 4), got " + m.length);
        }
        // The columns of the 3 x 3 part carry the uniform scale of the fit: divide it out.
        double s = Math.sqrt((double) m[0] * m[0] + (double) m[4] * m[4] + (double) m[8] * m[8]);
        double r00 = m[0] / s;
        double r10 = m[4] / s;
        double r20 = m[8] / s;
        double r21 = m[9] / s;
        double r22 = m[10] / s;
        double yaw = Math.asin(Math.max(-1, Math.min(1, -r20)));
        double pitch = Math.atan2(r21, r22);
        double roll = Math.atan2(r10, r00);
        return new HeadPose(Math.toDegrees(yaw), Math.toDegrees(pitch), Math.toDegrees(roll));
    }
}
