package org.emotionlens.source.images.internal;

import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.emotionlens.api.image.ImageConversion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.stream.Stream;


/**
 * Images as frames: a folder (files in name order, each one frame), a single image, or an animated GIF (each
 * composed frame, timestamps from the GIF's delays). Decoding with ImageIO gives the same pixels as browsers for
 * JPEG and PNG, so results compare with web-based references.
 */
@Component(configurationPid = ImageFrameSource.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = FrameSource.TYPE + "=images")
@Designate(ocd = ImageSourceConfig.class, factory = true)
public class ImageFrameSource implements FrameSource {
    static final String PID = "emotion.source.images";
    private static final Logger LOG = Logger.getLogger(PID);
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    private final Path path;
    private final double fps;
    private final boolean failOnBadImage;

    @Activate
    public ImageFrameSource(ImageSourceConfig config) {
        this(Path.of(config.path()), config.fps(), config.on_bad_image());
    }

    ImageFrameSource(Path path, double fps, String onBadImage) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("image source " + path.toAbsolutePath() + " does not exist");
        }
        if (!"skip".equals(onBadImage) && !"fail".equals(onBadImage)) {
            throw new IllegalArgumentException("on.bad.image must be 'skip' or 'fail', got '" + onBadImage + "'");
        }
        this.path = path;
        this.fps = fps > 0 ? fps : 30.0;
        this.failOnBadImage = "fail".equals(onBadImage);
    }

    @Override
    public String describe() {
        return (Files.isDirectory(path) ? "image folder " : isGif(path) ? "GIF " : "image ") + path;
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public FrameStream open() throws SourceException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                List<Path> images = files.filter(ImageFrameSource::isImage).sorted().toList();
                if (images.isEmpty()) {
                    throw new SourceException("image folder " + path + " holds no image (" + EXTENSIONS + ")");
                }
                return new FolderStream(images);
            } catch (IOException e) {
                throw new SourceException("cannot list image folder " + path + ": " + e.getMessage(), e);
            }
        }
        if (isGif(path)) {
            try {
                return new GifStream(new GifDecoder(path));
            } catch (IOException | RuntimeException e) {
                throw new SourceException(path + " is not a readable GIF: " + e.getMessage(), e);
            }
        }
        return new FolderStream(List.of(path));
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static boolean isGif(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gif");
    }

    private final class FolderStream implements FrameStream {
        private final List<Path> files;
        private int next;
        private long emitted;

        FolderStream(List<Path> files) {
            this.files = files;
        }

        @Override
        public Frame next() throws SourceException {
            while (next < files.size()) {
                Path file = files.get(next++);
                Image img;
                try {
                    img = ImageConversion.read(file);
                } catch (IOException | RuntimeException e) {
                    String message = e.getMessage() + " (readable: JPEG, PNG, BMP, GIF in 8-bit grey, palette or RGB)";
                    if (failOnBadImage || files.size() == 1) {
                        throw new SourceException(message, e);
                    }
                    LOG.warning(message + "; skipped");
                    continue;
                }
                long index = emitted++;
                return new Frame(file.getFileName().toString(), index, Math.round(index * 1e6 / fps),
                        img, null);
            }
            return null;
        }

        @Override
        public long expectedFrames() {
            return files.size();
        }

        @Override
        public void close() {
            // nothing held between frames
        }
    }

    private final class GifStream implements FrameStream {
        private final GifDecoder gif;
        private long index;
        private long time;

        GifStream(GifDecoder gif) {
            this.gif = gif;
        }

        @Override
        public Frame next() throws SourceException {
            GifDecoder.GifFrame f;
            try {
                f = gif.next();
            } catch (IOException | RuntimeException e) {
                throw new SourceException(path + ": frame " + index + " cannot be decoded (" + e.getMessage()
                        + "); the GIF is truncated or corrupt", e);
            }
            if (f == null) {
                return null;
            }
            Frame frame = new Frame(path.getFileName().toString(), index++, time, ImageConversion.fromBufferedImage(f.image()), null);
            time += f.delayMicros() > 0 ? f.delayMicros() : Math.round(1e6 / fps);
            return frame;
        }

        @Override
        public void close() {
            gif.close();
        }
    }

    @Override
    public String toString() {
        return "images:" + path.getFileName();
    }
}
