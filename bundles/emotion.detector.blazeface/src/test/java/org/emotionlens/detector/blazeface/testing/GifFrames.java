package org.emotionlens.detector.blazeface.testing;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.w3c.dom.Node;

/**
 * Decodes an animated GIF into full frames. ImageIO returns each frame's (possibly partial) sub-image; this composes
 * them on a canvas honouring the frame offsets and disposal methods (none/keep, restore to background, restore to
 * previous), as browsers do.
 */
public final class GifFrames {
    private GifFrames() {
    }

    public static List<BufferedImage> read(Path gif, int max) {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in, false);
            int width = -1;
            int height = -1;
            IIOMetadata stream = reader.getStreamMetadata();
            if (stream != null) {
                Node root = stream.getAsTree(stream.getNativeMetadataFormatName());
                for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n.getNodeName().equals("LogicalScreenDescriptor")) {
                        width = Integer.parseInt(attr(n, "logicalScreenWidth"));
                        height = Integer.parseInt(attr(n, "logicalScreenHeight"));
                    }
                }
            }
            List<BufferedImage> frames = new ArrayList<>();
            BufferedImage canvas = null;
            for (int i = 0; max < 0 || i < max; i++) {
                BufferedImage sub;
                try {
                    sub = reader.read(i);
                } catch (IndexOutOfBoundsException end) {
                    break;
                }
                IIOMetadata meta = reader.getImageMetadata(i);
                Node root = meta.getAsTree("javax_imageio_gif_image_1.0");
                int x = 0;
                int y = 0;
                String disposal = "none";
                for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n.getNodeName().equals("ImageDescriptor")) {
                        x = Integer.parseInt(attr(n, "imageLeftPosition"));
                        y = Integer.parseInt(attr(n, "imageTopPosition"));
                    } else if (n.getNodeName().equals("GraphicControlExtension")) {
                        disposal = attr(n, "disposalMethod");
                    }
                }
                if (canvas == null) {
                    canvas = new BufferedImage(width > 0 ? width : sub.getWidth(), height > 0 ? height : sub.getHeight(),
                            BufferedImage.TYPE_INT_ARGB);
                }
                BufferedImage before = disposal.equals("restoreToPrevious") ? copy(canvas) : null;
                Graphics2D g = canvas.createGraphics();
                g.drawImage(sub, x, y, null); // transparent pixels keep what is underneath
                g.dispose();
                frames.add(opaque(canvas));
                if (disposal.equals("restoreToBackgroundColor")) {
                    Graphics2D c = canvas.createGraphics();
                    c.setComposite(java.awt.AlphaComposite.Clear);
                    c.fillRect(x, y, sub.getWidth(), sub.getHeight());
                    c.dispose();
                } else if (before != null) {
                    canvas = before;
                }
            }
            reader.dispose();
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(gif + ": " + e.getMessage(), e);
        }
    }

    private static String attr(Node n, String name) {
        return n.getAttributes().getNamedItem(name).getNodeValue();
    }

    private static BufferedImage copy(BufferedImage src) {
        BufferedImage c = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = c.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return c;
    }

    /** The frame as an opaque RGB image (cleared areas black, as an empty canvas). */
    private static BufferedImage opaque(BufferedImage src) {
        BufferedImage c = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = c.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return c;
    }
}
