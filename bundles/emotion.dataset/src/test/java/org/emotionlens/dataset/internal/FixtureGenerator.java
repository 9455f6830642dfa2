package org.emotionlens.dataset.internal;

import org.emotionlens.api.image.Upscale;
import org.emotionlens.api.image.ImageConversion;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.emotionlens.api.Detection;
import org.emotionlens.api.Image;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.detector.blazeface.testing.TestMedia;

/**
 * Run once to make the test fixture (see src/test/resources/fixture/README.md). Real photos: the face-api demo
 * photos (npm package, fetched by TestMedia) and the facemesh demo frames committed in the landmarker's tests.
 * BlazeFace finds the faces; each face box is widened to a square 1.4 times its longer side (FER2013's crops
 * show the whole head, BlazeFace's box eyebrows to chin), cut out and shrunk to 48x48 grey.
 * <ul>
 * <li>{@code crops <dir>}: writes crop-NN.png (96x96) and contact-sheet.png of all crops, to label them by eye</li>
 * <li>{@code fer <labels.csv> <fer.csv>}: writes the crops in FER2013's CSV form with the labels and Usage of
 * labels.csv (crop,emotion,Usage), followed by deliberately broken rows</li>
 * </ul>
 */
public final class FixtureGenerator {
    static final double WIDEN = 1.4;

    record Crop(String source, byte[] grey) {
    }

    public static void main(String[] args) throws Exception {
        List<Crop> crops = crops();
        if (args[0].equals("crops")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            int cols = 10;
            BufferedImage sheet = new BufferedImage(cols * 100, ((crops.size() + cols - 1) / cols) * 116, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = sheet.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < crops.size(); i++) {
                BufferedImage big = ImageConversion.toBufferedImage(Upscale.toLongerSide(Pixels.greyToRgb(crops.get(i).grey(), 48, 48), 96));
                javax.imageio.ImageIO.write(big, "png", dir.resolve(String.format("crop-%02d.png", i)).toFile());
                g.drawImage(big, i % cols * 100 + 2, i / cols * 116 + 2, null);
                g.setColor(Color.BLACK);
                g.drawString(i + " " + crops.get(i).source().replace("facemesh-frame-", "f").replace(".png", "").replace(".jpg", ""),
                        i % cols * 100 + 2, i / cols * 116 + 112);
            }
            g.dispose();
            javax.imageio.ImageIO.write(sheet, "png", dir.resolve("contact-sheet.png").toFile());
            StringBuilder b = new StringBuilder("crop,source\n");
            for (int i = 0; i < crops.size(); i++) {
                b.append(i).append(',').append(crops.get(i).source()).append('\n');
            }
            Files.writeString(dir.resolve("crops.csv"), b.toString());
            System.out.println(crops.size() + " crops -> " + dir);
        } else {
            List<String> labels = Files.readAllLines(Path.of(args[1]));
            StringBuilder b = new StringBuilder(FerCsv.HEADER + "\n");
            for (String line : labels.subList(1, labels.size())) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                Crop c = crops.get(Integer.parseInt(f[0].trim()));
                StringBuilder px = new StringBuilder();
                for (byte v : c.grey()) {
                    px.append(px.length() == 0 ? "" : " ").append(v & 0xff);
                }
                b.append(f[1].trim()).append(',').append(px).append(',').append(f[2].trim()).append('\n');
            }
            String good = pixelsOf(crops.get(0).grey());
            b.append("3,").append(good, 0, good.lastIndexOf(' ')).append(",Training\n"); // 2303 pixels
            b.append("6,").append(good.replaceFirst("^\\d+", "x7")).append(",PublicTest\n"); // non-numeric pixel
            b.append("9,").append(good).append(",Training\n"); // unknown emotion code
            b.append("4,").append(good).append(",Validation\n"); // bad Usage
            b.append("happy,").append(good).append(",PrivateTest\n"); // non-numeric emotion
            Files.writeString(Path.of(args[2]), b.toString(), StandardCharsets.US_ASCII);
            System.out.println("wrote " + args[2]);
        }
    }

    static String pixelsOf(byte[] grey) {
        StringBuilder px = new StringBuilder();
        for (byte v : grey) {
            px.append(px.length() == 0 ? "" : " ").append(v & 0xff);
        }
        return px.toString();
    }

    static List<Crop> crops() throws Exception {
        List<Path> photos = new ArrayList<>(TestMedia.facePhotos());
        Path frames = Path.of("../emotion.landmarker/src/test/resources/parity/images");
        try (Stream<Path> s = Files.list(frames)) {
            photos.addAll(s.filter(p -> p.getFileName().toString().startsWith("facemesh-frame-")).sorted().toList());
        }
        List<Crop> out = new ArrayList<>();
        try (BlazeFaceDetector detector = BlazeFaceDetector.withDefaults(TestMedia.models(), 1)) {
            for (Path p : photos) {
                Image img = TestMedia.read(p);
                List<Detection> found = new ArrayList<>(detector.detect(img));
                // left to right, so crop numbers follow the photo
                found.sort((a, b) -> Float.compare(a.box().x(), b.box().x()));
                for (Detection d : found) {
                    out.add(new Crop(p.getFileName().toString(), crop48(img, d)));
                }
            }
        }
        return out;
    }

    static byte[] crop48(Image img, Detection d) {
        double cx = (d.box().x() + d.box().width() / 2) * img.width();
        double cy = (d.box().y() + d.box().height() / 2) * img.height();
        double side = WIDEN * Math.max(d.box().width() * img.width(), d.box().height() * img.height());
        BufferedImage src = ImageConversion.toBufferedImage(img);
        BufferedImage sq = new BufferedImage((int) side, (int) side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < sq.getHeight(); y++) {
            for (int x = 0; x < sq.getWidth(); x++) {
                int sx = (int) Math.max(0, Math.min(img.width() - 1, cx - side / 2 + x));
                int sy = (int) Math.max(0, Math.min(img.height() - 1, cy - side / 2 + y));
                sq.setRGB(x, y, src.getRGB(sx, sy));
            }
        }
        // area averaging: FER2013's images are downscaled photos, not point samples
        java.awt.Image small = sq.getScaledInstance(48, 48, java.awt.Image.SCALE_AREA_AVERAGING);
        BufferedImage s48 = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = s48.createGraphics();
        g.drawImage(small, 0, 0, null);
        g.dispose();
        return Pixels.toGrey(ImageConversion.fromBufferedImage(s48));
    }
}
