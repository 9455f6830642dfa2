package org.emotionlens.source.images.internal;

import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.api.image.ImageFiles;
import org.emotionlens.api.image.Upscale;
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


/**
 * Images as frames: a folder or a zip of images (every image below it in name order, each one frame; the source
 * id of a frame is the image's path inside, e.g. {@code test/happy/PrivateTest_1.jpg}, so labelled sets keep their
 * labels), a single image, or an animated GIF (each composed frame, timestamps from the GIF's delays). Pixels are
 * the stored sample values ({@link ImageConversion}), as browsers decode them; small images can be enlarged as
 * {@code dataset build --upscale} does, so a pipeline sees what the training data was made from.
 */
@Component(configurationPid = ImageFrameSource.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = FrameSource.TYPE + "=images")
@Designate(ocd = ImageSourceConfig.class, factory = true)
public class ImageFrameSource implements FrameSource {
    static final String PID = "emotion.source.images";
    private static final Logger LOG = Logger.getLogger(PID);
    private final Path path;
    private final double fps;
    private final boolean failOnBadImage;
    private final String entries;
    private final int upscale;
    private final double pace;

    @Activate
    public ImageFrameSource(ImageSourceConfig config) {
        this(Path.of(config.path()), config.fps(), config.on_bad_image(), config.entries(), config.upscale(), config.pace());
    }

    ImageFrameSource(Path path, double fps, String onBadImage) {
        this(path, fps, onBadImage, "", 0);
    }

    ImageFrameSource(Path path, double fps, String onBadImage, String entries, int upscale) {
        this(path, fps, onBadImage, entries, upscale, 0);
    }

    ImageFrameSource(Path path, double fps, String onBadImage, String entries, int upscale, double pace) {
        if (pace < 0 || Double.isNaN(pace)) {
            throw new IllegalArgumentException("image source pace must be 0 (as fast as read) or frames per second > 0, got " + pace);
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("image source " + path.toAbsolutePath() + " does not exist");
        }
        if (!"skip".equals(onBadImage) && !"fail".equals(onBadImage)) {
            throw new IllegalArgumentException("on.bad.image must be 'skip' or 'fail', got '" + onBadImage + "'");
        }
        this.path = path;
        this.fps = fps > 0 ? fps : 30.0;
        this.failOnBadImage = "fail".equals(onBadImage);
        this.entries = entries == null ? "" : entries;
        this.upscale = upscale;
        this.pace = pace;
    }

    @Override
    public String describe() {
        return (Files.isDirectory(path) ? "image folder " : ImageFiles.isZip(path) ? "image zip " : isGif(path) ? "GIF "
                : "image ") + path + (entries.isEmpty() ? "" : " (" + entries + "*)");
    }

    @Override
    public boolean isLive() {
        return pace > 0;
    }

    @Override
    public FrameStream open() throws SourceException {
        FrameStream stream = openStored();
        return pace > 0 ? new PacedStream(stream, pace) : stream;
    }

    private FrameStream openStored() throws SourceException {
        if (Files.isDirectory(path) || ImageFiles.isZip(path)) {
            ImageFiles files;
            try {
                files = ImageFiles.open(path);
            } catch (IOException e) {
                throw new SourceException("cannot list the images of " + path + ": " + e.getMessage(), e);
            }
            List<String> images = files.names().stream()
                    .filter(n -> n.startsWith(entries) && ImageFiles.hasImageExtension(n)).toList();
            if (images.isEmpty()) {
                closeQuietly(files);
                throw new SourceException(describe() + " holds no image (" + ImageFiles.IMAGE_EXTENSIONS + ")");
            }
            return new FolderStream(files, images);
        }
        if (isGif(path)) {
            try {
                return new GifStream(new GifDecoder(path));
            } catch (IOException | RuntimeException e) {
                throw new SourceException(path + " is not a readable GIF: " + e.getMessage(), e);
            }
        }
        ImageFiles one = ImageFiles.single(path);
        return new FolderStream(one, one.names());
    }

    private static void closeQuietly(ImageFiles files) {
        try {
            files.close();
        } catch (IOException e) {
            LOG.fine("closing " + files + ": " + e);
        }
    }

    private static boolean isGif(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gif");
    }

    private final class FolderStream implements FrameStream {
        private final ImageFiles files;
        private final List<String> names;
        private int next;
        private long emitted;

        FolderStream(ImageFiles files, List<String> names) {
            this.files = files;
            this.names = names;
        }

        @Override
        public Frame next() throws SourceException {
            while (next < names.size()) {
                String name = names.get(next++);
                Image img;
                try {
                    img = ImageConversion.read(files.read(name), name);
                } catch (IOException | RuntimeException e) {
                    String message = (names.size() == 1 ? path : describe()) + ": " + e.getMessage()
                            + " (readable: JPEG, PNG, BMP, GIF in 8-bit grey, palette or RGB)";
                    if (failOnBadImage || names.size() == 1) {
                        throw new SourceException(message, e);
                    }
                    LOG.warning(message + "; skipped");
                    continue;
                }
                long index = emitted++;
                return new Frame(name, index, Math.round(index * 1e6 / fps), Upscale.toLongerSide(img, upscale), null);
            }
            return null;
        }

        @Override
        public long expectedFrames() {
            return names.size();
        }

        @Override
        public void close() {
            closeQuietly(files);
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
