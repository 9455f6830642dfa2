package org.emotionlens.api;

/** An axis-aligned box in coordinates normalised to the image: x, y of the top-left corner, width, height. */
public record Box(float x, float y, float width, float height) {
    public float centerX() {
        return x + width / 2f;
    }

    public float centerY() {
        return y + height / 2f;
    }

    /** Intersection over union with another box, 0 when they do not overlap. */
    public float iou(Box o) {
        float ix = Math.max(0f, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
        float iy = Math.max(0f, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
        float inter = ix * iy;
        float union = width * height + o.width * o.height - inter;
        return union <= 0f ? 0f : inter / union;
    }
}
