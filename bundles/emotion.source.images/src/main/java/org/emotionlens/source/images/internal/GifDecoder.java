package org.emotionlens.source.images.internal;

import org.w3c.dom.Node;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an animated GIF frame by frame. ImageIO returns each frame's (possibly partial) sub-image; this composes
 * them on a canvas with the frame offsets and disposal methods (keep, restore to background, restore to previous),
 * as browsers do, and reports each frame's delay for timestamps.
 */
final class GifDecoder implements AutoCloseable {
    /** One composed frame and the time it is shown, in microseconds. */
    record GifFrame(BufferedImage image, long delayMicros) {
    }

    private final Path file;
    private final ImageInputStream in;
    private final ImageReader reader;
    private final int width;
    private final int height;
    private BufferedImage canvas;
    private int next;

    GifDecoder(Path file) throws IOException {
        this.file = file;
        in = ImageIO.createImageInputStream(file.toFile());
        if (in == null) {
            throw new IOException("cannot open " + file);
        }
        reader = ImageIO.getImageReadersByFormatName("gif").next();
        reader.setInput(in, false);
        int w = -1;
        int h = -1;
        IIOMetadata stream = reader.getStreamMetadata();
        if (stream != null) {
            Node root = stream.getAsTree(stream.getNativeMetadataFormatName());
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("LogicalScreenDescriptor")) {
                    w = Integer.parseInt(attr(n, "logicalScreenWidth"));
                    h = Integer.parseInt(attr(n, "logicalScreenHeight"));
                }
            }
        }
        width = w;
        height = h;
    }

    /** The next composed frame, or null after the last one. */
    GifFrame next() throws IOException {
        BufferedImage sub;
        try {
            sub = reader.read(next);
        } catch (IndexOutOfBoundsException end) {
            return null;
        }
        Node root = reader.getImageMetadata(next).getAsTree("javax_imageio_gif_image_1.0");
        next++;
        int x = 0;
        int y = 0;
        long delay = 0;
        String disposal = "none";
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("ImageDescriptor")) {
                x = Integer.parseInt(attr(n, "imageLeftPosition"));
                y = Integer.parseInt(attr(n, "imageTopPosition"));
            } else if (n.getNodeName().equals("GraphicControlExtension")) {
                disposal = attr(n, "disposalMethod");
                delay = Long.parseLong(attr(n, "delayTime")) * 10_000L; // hundredths of a second
            }
        }
        if (canvas == null) {
            canvas = new BufferedImage(width > 0 ? width : sub.getWidth(), height > 0 ? height : sub.getHeight(),
                    BufferedImage.TYPE_INT_ARGB);
        }
        BufferedImage before = disposal.equals("restoreToPrevious") ? copy(canvas, BufferedImage.TYPE_INT_ARGB) : null;
        Graphics2D g = canvas.createGraphics();
        g.drawImage(sub, x, y, null); // transparent pixels keep what is underneath
        g.dispose();
        BufferedImage frame = copy(canvas, BufferedImage.TYPE_INT_RGB); // cleared areas are black
        if (disposal.equals("restoreToBackgroundColor")) {
            Graphics2D c = canvas.createGraphics();
            c.setComposite(AlphaComposite.Clear);
            c.fillRect(x, y, sub.getWidth(), sub.getHeight());
            c.dispose();
        } else if (before != null) {
            canvas = before;
        }
        return new GifFrame(frame, delay);
    }

    private static String attr(Node n, String name) {
        Node a = n.getAttributes().getNamedItem(name);
        return a == null ? "0" : a.getNodeValue();
    }

    private static BufferedImage copy(BufferedImage src, int type) {
        BufferedImage c = new BufferedImage(src.getWidth(), src.getHeight(), type);
        Graphics2D g = c.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return c;
    }

    @Override
    public void close() {
        reader.dispose();
        try {
            in.close();
        } catch (IOException e) {
            // read-only file
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
