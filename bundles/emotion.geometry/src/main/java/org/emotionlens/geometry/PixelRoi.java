package org.emotionlens.geometry;

/**
 * A rotated ROI in pixels: centre (cx, cy), size (w, h), rotation r in radians. Maps tensor-normalised points
 * (u, v in [0,1]) to image pixels and back, as MediaPipe's GetRotatedSubRectToRectTransformMatrix (FACTS 1e, 3).
 */
public record PixelRoi(double cx, double cy, double w, double h, double rotation) {

    /** Image pixel x of tensor-normalised (u, v). */
    public double imageX(double u, double v) {
        return cx + w * Math.cos(rotation) * (u - 0.5) - h * Math.sin(rotation) * (v - 0.5);
    }

    /** Image pixel y of tensor-normalised (u, v). */
    public double imageY(double u, double v) {
        return cy + w * Math.sin(rotation) * (u - 0.5) + h * Math.cos(rotation) * (v - 0.5);
    }

    /** FACTS 3: z scale, the length of the projected unit x-vector in normalised image units. */
    public double zScale(int imageWidth, int imageHeight) {
        double a = w * Math.cos(rotation) / imageWidth;
        double b = w * Math.sin(rotation) / imageHeight;
        return Math.sqrt(a * a + b * b);
    }

    /** The whole image, enlarged (letterbox) to a square of side max(W, H) around the image centre (FACTS 1a). */
    public static PixelRoi letterbox(int imageWidth, int imageHeight) {
        double side = Math.max(imageWidth, imageHeight);
        return new PixelRoi(imageWidth / 2.0, imageHeight / 2.0, side, side, 0);
    }
}
