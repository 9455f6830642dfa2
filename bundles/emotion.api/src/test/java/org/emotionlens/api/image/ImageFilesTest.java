package org.emotionlens.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder and a zip with the same files list the same names, sorted, without hidden files. */
class ImageFilesTest {
    static final String[] FILES = {"train/sad/b.jpg", "train/happy/a.jpg", ".DS_Store", "train/.hidden/c.jpg",
        "__MACOSX/train/happy/a.jpg", "test/neutral/notes.txt"};

    @Test
    void folderAndZipListAlike(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("images");
        Path zip = dir.resolve("images.zip");
        try (OutputStream f = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(f)) {
            for (String name : FILES) {
                Path p = folder.resolve(name);
                Files.createDirectories(p.getParent());
                Files.writeString(p, name);
                out.putNextEntry(new ZipEntry(name));
                out.write(name.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        for (Path input : new Path[] {folder, zip}) {
            try (ImageFiles files = ImageFiles.open(input)) {
                assertThat(files.names()).as(input.toString())
                        .containsExactly("test/neutral/notes.txt", "train/happy/a.jpg", "train/sad/b.jpg");
                assertThat(new String(files.read("train/sad/b.jpg"), StandardCharsets.UTF_8)).isEqualTo("train/sad/b.jpg");
            }
        }
        assertThat(ImageFiles.hasImageExtension("x/Y.JPG")).isTrue();
        assertThat(ImageFiles.hasImageExtension("notes.txt")).isFalse();
        try (ImageFiles files = ImageFiles.open(zip)) {
            assertThatThrownBy(() -> files.read("missing.jpg")).hasMessageContaining("missing.jpg");
        }
        assertThatThrownBy(() -> ImageFiles.open(folder.resolve("train/sad/b.jpg"))).isInstanceOf(IOException.class);
    }
}
