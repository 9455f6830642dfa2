package org.emotionlens.features.facecrop.internal;

import java.util.ArrayList;
import java.util.List;

import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The face as a 64x64 grey image, row-major, names {@code px0..px4095} (pixel {@code y*64+x}), values raw BT.601
 * luma 0..255 (the model scales them itself; the peer model's graph does (g/255-0.5)*2). The crop is the square
 * around the centre of {@link Face#box()} whose side is the box's longer side (in pixels) times
 * {@code 1 + 2*margin}; parts outside the image repeat the nearest edge pixel. Resampling is area averaging: each
 * output pixel is the mean of the source pixels its square covers, edge pixels weighted by the covered fraction
 * (for crops under 64 px this reduces to nearest-pixel sampling). A face without a box or a frame without an image
 * gives null.
 */
@Component(service = FeatureExtractor.class, configurationPid = FaceCropExtractor.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = FeatureExtractor.KIND + "=" + FaceCropExtractor.KIND)
@Designate(ocd = FaceCropExtractor.Config.class)
public final class FaceCropExtractor implements FeatureExtractor {
    public static final String PID = "emotion.features.facecrop";
    public static final String KIND = "face64";
    public static final int SIZE = 64;
    public static final double DEFAULT_MARGIN = 0.1;
    public static final List<String> NAMES = pixelNames();

    @ObjectClassDefinition(name = "EmotionLens face crop features",
            description = "64x64 grey face crops (emotion.features.kind=face64) for image classifiers")
    public @interface Config {
        @AttributeDefinition(description = "Added to each side of the square crop, as a fraction of the detector"
                + " box's longer side (0 = the box itself)")
        double margin() default DEFAULT_MARGIN;
    }

    private final double margin;

    @Activate
    public FaceCropExtractor(Config config) {
        this(config.margin());
    }

    public FaceCropExtractor(double margin) {
        if (!(margin >= 0 && margin <= 2)) {
            throw new IllegalArgumentException(PID + ": margin must be within 0..2 (a fraction of the face box), got "
                    + margin);
        }
        this.margin = margin;
    }

    private static List<String> pixelNames() {
        List<String> n = new ArrayList<>(SIZE * SIZE);
        for (int i = 0; i < SIZE * SIZE; i++) {
            n.add("px" + i);
        }
        return List.copyOf(n);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> names() {
        return NAMES;
    }

    public double margin() {
        return margin;
    }

    @Override
    public FeatureVector extract(Frame frame, Face face) {
        if (face.box() == null || frame.image() == null) {
            return null;
        }
        return new FeatureVector(KIND, NAMES, crop(frame.image(), face.box(), margin));
    }

    /** The 64x64 luma crop (0..255, row-major) of {@code box} (normalised) in {@code image}. */
    public static float[] crop(Image image, Box box, double margin) {
        int w = image.width();
        int h = image.height();
        double side = Math.max(box.width() * w, box.height() * h) * (1 + 2 * margin);
        if (!(side > 0)) {
            side = 1; // a degenerate box still gives a defined (uniform) crop
        }
        double x0 = box.centerX() * (double) w - side / 2;
        double y0 = box.centerY() * (double) h - side / 2;
        Taps[] cols = taps(x0, side, w);
        Taps[] rows = taps(y0, side, h);
        byte[] rgb = image.rgb();
        float[] out = new float[SIZE * SIZE];
        for (int oy = 0; oy < SIZE; oy++) {
            Taps ry = rows[oy];
            for (int ox = 0; ox < SIZE; ox++) {
                Taps cx = cols[ox];
                double sum = 0;
                double weight = 0;
                for (int a = 0; a < ry.index.length; a++) {
                    int rowBase = ry.index[a] * w;
                    double rowSum = 0;
                    for (int b = 0; b < cx.index.length; b++) {
                        int p = (rowBase + cx.index[b]) * 3;
                        rowSum += cx.weight[b] * luma(rgb[p], rgb[p + 1], rgb[p + 2]);
                    }
                    sum += ry.weight[a] * rowSum;
                    weight += ry.weight[a] * cx.total;
                }
                out[oy * SIZE + ox] = (float) (sum / weight);
            }
        }
        return out;
    }

    /** BT.601 luma of an RGB pixel, 0..255. */
    public static double luma(byte r, byte g, byte b) {
        return 0.299 * (r & 0xFF) + 0.587 * (g & 0xFF) + 0.114 * (b & 0xFF);
    }

    /** Source pixels (clamped to 0..n-1) and their covered lengths for one output row or column. */
    private record Taps(int[] index, double[] weight, double total) {
    }

    private static Taps[] taps(double start, double side, int n) {
        double step = side / SIZE;
        Taps[] out = new Taps[SIZE];
        for (int o = 0; o < SIZE; o++) {
            double from = start + o * step;
            double to = from + step;
            int first = (int) Math.floor(from);
            int last = (int) Math.ceil(to) - 1;
            int count = Math.max(1, last - first + 1);
            int[] index = new int[count];
            double[] weight = new double[count];
            double total = 0;
            for (int k = 0; k < count; k++) {
                int pixel = first + k;
                double covered = Math.min(to, pixel + 1) - Math.max(from, pixel);
                index[k] = Math.min(n - 1, Math.max(0, pixel));
                weight[k] = Math.max(covered, 0);
                total += weight[k];
            }
            if (total <= 0) {
                weight[0] = 1;
                total = 1;
            }
            out[o] = new Taps(index, weight, total);
        }
        return out;
    }
}
