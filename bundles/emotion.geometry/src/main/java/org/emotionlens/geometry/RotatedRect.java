package org.emotionlens.geometry;

/**
 * A rotated region of interest in normalised image coordinates (MediaPipe's NormalizedRect): centre, size as
 * fractions of the image width/height, rotation in radians (clockwise in image coordinates, y down).
 *
 * <p>This package is the one place for ROI geometry and the image-to-tensor warp; the landmarker bundle embeds it
 * privately (bnd Conditional-Package) instead of copying it.
 */
public record RotatedRect(float xCenter, float yCenter, float width, float height, float rotation) {

    /** FACTS 2a: rotation that brings the vector from (x0,y0) to (x1,y1) (normalised, converted to pixels) to 0°. */
    public static float rotationFromPoints(float x0, float y0, float x1, float y1, int imageWidth, int imageHeight) {
        double angle = -Math.atan2(-(y1 * imageHeight - y0 * imageHeight), x1 * imageWidth - x0 * imageWidth);
        return (float) normalizeRadians(angle);
    }

    /** a - 2π·floor((a + π) / 2π), in [-π, π). */
    public static double normalizeRadians(double a) {
        return a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
    }

    /** FACTS 2b / 4a: optionally square on the long side (in pixels), then scale width and height. */
    public RotatedRect transform(float scaleX, float scaleY, boolean squareLong, int imageWidth, int imageHeight) {
        float w = width;
        float h = height;
        if (squareLong) {
            float longSide = Math.max(w * imageWidth, h * imageHeight);
            w = longSide / imageWidth;
            h = longSide / imageHeight;
        }
        return new RotatedRect(xCenter, yCenter, w * scaleX, h * scaleY, rotation);
    }

    /** Axis-aligned IoU of the unrotated boxes (FACTS 4b: rotation ignored). */
    public float iou(RotatedRect o) {
        float ax0 = xCenter - width / 2;
        float ay0 = yCenter - height / 2;
        float bx0 = o.xCenter - o.width / 2;
        float by0 = o.yCenter - o.height / 2;
        float ix = Math.min(ax0 + width, bx0 + o.width) - Math.max(ax0, bx0);
        float iy = Math.min(ay0 + height, by0 + o.height) - Math.max(ay0, by0);
        if (ix <= 0 || iy <= 0) {
            return 0f;
        }
        float inter = ix * iy;
        float union = width * height + o.width * o.height - inter;
        return union <= 0 ? 0f : inter / union;
    }

    /** The ROI in pixels of an image of this size. */
    public PixelRoi toPixels(int imageWidth, int imageHeight) {
        return new PixelRoi(xCenter * imageWidth, yCenter * imageHeight, width * imageWidth, height * imageHeight,
                rotation);
    }
}
