package org.emotionlens.models.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.emotionlens.models.ModelException;
import org.emotionlens.models.ModelFile;
import org.emotionlens.models.ModelLocator;

/** Looks for model files in an ordered list of directories and checks their sha256. */
public final class DirectoryModelLocator implements ModelLocator {
    private final List<Path> dirs;
    /** Checksums already computed, keyed by path; re-hashed when size or modification time change. */
    private final Map<Path, Hashed> hashes = new ConcurrentHashMap<>();

    private record Hashed(long size, FileTime modified, String sha256) {
    }

    public DirectoryModelLocator(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /** The default search order: {@code -Demotionlens.models}, {@code <project>/models}, {@code <shared>/models}. */
    public static DirectoryModelLocator defaults() {
        return new DirectoryModelLocator(defaultDirectories(System.getProperty(DIR_PROPERTY)));
    }

    /** The search order with an explicit directory first (null or blank: none). */
    public static List<Path> defaultDirectories(String explicitDir) {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        if (explicitDir != null && !explicitDir.isBlank()) {
            dirs.add(Path.of(explicitDir).toAbsolutePath().normalize());
        }
        Path project = Path.of(System.getProperty("emotionlens.project", ".")).toAbsolutePath().normalize();
        dirs.add(project.resolve("models"));
        String shared = System.getProperty("emotionlens.shared");
        if (shared != null && !shared.isBlank()) {
            dirs.add(Path.of(shared).toAbsolutePath().normalize().resolve("models"));
        }
        dirs.add(project.resolve("../shared/models").normalize());
        return new ArrayList<>(dirs);
    }

    @Override
    public List<Path> directories() {
        return dirs;
    }

    @Override
    public Path require(ModelFile file) {
        Path found = null;
        for (Path dir : dirs) {
            Path p = file.in(dir);
            if (Files.isRegularFile(p)) {
                found = p;
                break;
            }
        }
        if (found == null) {
            throw new ModelException(file.name() + " (sha256 " + file.sha256() + ") not found in " + dirs + ". "
                    + howToGet(file));
        }
        String actual = sha256(found);
        if (!actual.equals(file.sha256())) {
            throw new ModelException(found + " has sha256 " + actual + " but " + file.name() + " must have sha256 "
                    + file.sha256() + " (a partial download or a different model version). " + howToGet(file));
        }
        return found;
    }

    @Override
    public byte[] taskEntry(ModelFile task, String entry) {
        return readEntry(require(task), entry);
    }

    public static byte[] readVerified(Path file, ModelFile expected, String entry) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model file " + file + " does not exist. " + howToGet(expected));
        }
        try {
            if (file.getFileName().toString().endsWith(".tflite")) {
                return Files.readAllBytes(file);
            }
            String actual = sha256Of(file);
            if (!actual.equals(expected.sha256())) {
                throw new ModelException(file + " has sha256 " + actual + " but " + expected.name() + " must have sha256 "
                        + expected.sha256() + ". " + howToGet(expected));
            }
        } catch (IOException e) {
            throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return readEntry(file, entry);
    }

    /** One entry of a zip-format model bundle, with errors that name the file and entry. */
    public static byte[] readEntry(Path zipPath, String entry) {
        try (ZipFile zip = new ZipFile(zipPath.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                List<String> names = zip.stream().map(ZipEntry::getName).toList();
                throw new ModelException(zipPath + " has no entry " + entry + " (it holds " + names
                        + "); it is not a MediaPipe Face Landmarker bundle: replace it with the official file");
            }
            try (InputStream in = zip.getInputStream(e)) {
                return in.readAllBytes();
            }
        } catch (ZipException e) {
            throw new ModelException(zipPath + " is not a readable zip (.task) archive (" + e.getMessage()
                    + "); replace it with the official file", e);
        } catch (IOException e) {
            throw new ModelException("cannot read " + zipPath + ": " + e.getMessage(), e);
        }
    }

    /** What a user does to get the file: the official source and the command that fetches it. */
    public static String howToGet(ModelFile file) {
        return "Get it from " + file.source() + " (licence " + file.licence() + ") into the models directory, e.g. `"
                + "emotionlens models fetch` (or `models fetch --from <dir or file URL>` from a local copy), or point -D"
                + DIR_PROPERTY + "=<dir> at a directory that holds it.";
    }

    String sha256(Path p) {
        try {
            long size = Files.size(p);
            FileTime modified = Files.getLastModifiedTime(p);
            Hashed h = hashes.get(p);
            if (h != null && h.size == size && h.modified.equals(modified)) {
                return h.sha256;
            }
            String hex = sha256Of(p);
            hashes.put(p, new Hashed(size, modified, hex));
            return hex;
        } catch (IOException e) {
            throw new ModelException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    public static String sha256Of(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
