package org.emotionlens.runtime;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run profile, {@code configs/<name>.json}:
 * <pre>
 * { "description": "...", "extends": ["base"], "features": ["core", ...],
 *   "variables": { "input": "${shared}/data/...", "output": "out/demo" },
 *   "configurations": { "&lt;pid or factory pid~name&gt;": { ...OSGi Configurator properties... } } }
 * </pre>
 * {@code extends} merges parent profiles first (later wins, configurations merged per PID). {@code ${name}} in any
 * string of a configuration is replaced by a variable: built-ins {@code project}, {@code shared}, {@code models},
 * {@code profile}; then the profile's {@code variables}; then command-line overrides.
 */
final class Profile {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
    static final String PIPELINE_FACTORY = "emotion.pipeline~";

    final String name;
    final Path file;
    final String description;
    final List<String> features;
    final Map<String, String> variables;
    final JsonObject configurations;

    private Profile(String name, Path file, String description, List<String> features, Map<String, String> variables,
            JsonObject configurations) {
        this.name = name;
        this.file = file;
        this.description = description;
        this.features = features;
        this.variables = variables;
        this.configurations = configurations;
    }

    /** A profile made in code, e.g. the merged variants of a comparison. */
    static Profile of(String name, Path file, String description, List<String> features, JsonObject configurations) {
        return new Profile(name, file, description, List.copyOf(features), Map.of(), configurations);
    }

    static Profile load(Home home, String name, Map<String, String> overrides) throws LaunchException {
        Raw raw = merge(home, name, new ArrayList<>());
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("project", home.project().toString());
        vars.put("shared", home.shared().toString());
        vars.put("models", home.models().toString());
        vars.put("profile", name);
        vars.put("output", home.project().resolve("out").resolve(name).toString());
        raw.variables.forEach(vars::put);
        vars.putAll(overrides);
        // Variables may refer to each other (input -> ${shared}/...): resolve until stable.
        Path file = home.configs().resolve(name + ".json");
        for (int round = 0; round < 5; round++) {
            for (Map.Entry<String, String> e : vars.entrySet()) {
                e.setValue(substitute(e.getValue(), vars, file, "variable '" + e.getKey() + "'", true));
            }
        }
        JsonObjectBuilder configs = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : raw.configurations.entrySet()) {
            configs.add(e.getKey(), substituteAll(e.getValue(), vars, file, e.getKey()));
        }
        return new Profile(name, file, raw.description, List.copyOf(raw.features), vars, configs.build());
    }

    /** Pipeline ids the profile configures, in order. */
    List<String> pipelines() {
        List<String> ids = new ArrayList<>();
        configurations.forEach((pid, value) -> {
            if (pid.startsWith(PIPELINE_FACTORY) && value.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonObject o = value.asJsonObject();
                ids.add(o.containsKey("id") ? o.getString("id") : pid.substring(PIPELINE_FACTORY.length()));
            }
        });
        return ids;
    }

    /** The configurations as an OSGi Configurator resource. */
    String configuratorJson(String version) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add(":configurator:resource-version", 1)
                .add(":configurator:symbolic-name", "emotionlens.profile." + name)
                .add(":configurator:version", version);
        configurations.forEach(b::add);
        return b.build().toString();
    }

    private record Raw(String description, LinkedHashSet<String> features, Map<String, String> variables,
            Map<String, JsonValue> configurations) {
    }

    private static Raw merge(Home home, String name, List<String> chain) throws LaunchException {
        if (chain.contains(name)) {
            throw new LaunchException("profile '" + name + "' extends itself: " + String.join(" -> ", chain));
        }
        chain.add(name);
        Path file = home.configs().resolve(name + ".json");
        JsonObject json = read(home, file, name);
        Raw merged = new Raw(null, new LinkedHashSet<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        for (String parent : strings(json, "extends", file)) {
            Raw p = merge(home, parent, chain);
            merged.features.addAll(p.features);
            merged.variables.putAll(p.variables);
            p.configurations.forEach((pid, v) -> mergeConfiguration(merged.configurations, pid, v));
        }
        merged.features.addAll(strings(json, "features", file));
        JsonValue vars = json.get("variables");
        if (vars != null) {
            if (vars.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new LaunchException(file + ": 'variables' must be an object of strings");
            }
            for (Map.Entry<String, JsonValue> e : vars.asJsonObject().entrySet()) {
                if (e.getValue().getValueType() != JsonValue.ValueType.STRING) {
                    throw new LaunchException(file + ": variable '" + e.getKey() + "' must be a string");
                }
                merged.variables.put(e.getKey(), ((JsonString) e.getValue()).getString());
            }
        }
        JsonValue configs = json.get("configurations");
        if (configs != null) {
            if (configs.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new LaunchException(file + ": 'configurations' must be an object of PID -> properties");
            }
            for (Map.Entry<String, JsonValue> e : configs.asJsonObject().entrySet()) {
                if (e.getValue().getValueType() != JsonValue.ValueType.OBJECT
                        && e.getValue().getValueType() != JsonValue.ValueType.NULL) {
                    throw new LaunchException(file + ": configuration '" + e.getKey()
                            + "' must be an object of properties (or null to drop an inherited one)");
                }
                mergeConfiguration(merged.configurations, e.getKey(), e.getValue());
            }
        }
        chain.remove(chain.size() - 1);
        String description = json.getString("description", null);
        return new Raw(description, merged.features, merged.variables, merged.configurations);
    }

    private static void mergeConfiguration(Map<String, JsonValue> into, String pid, JsonValue value) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            into.remove(pid);
            return;
        }
        JsonValue old = into.get(pid);
        if (old == null) {
            into.put(pid, value);
            return;
        }
        JsonObjectBuilder b = Json.createObjectBuilder(old.asJsonObject());
        value.asJsonObject().forEach(b::add);
        into.put(pid, b.build());
    }

    private static JsonObject read(Home home, Path file, String name) throws LaunchException {
        try (Reader in = Files.newBufferedReader(file); JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (NoSuchFileException e) {
            throw new LaunchException("unknown profile '" + name + "': " + file + " does not exist (profiles: "
                    + String.join(", ", available(home)) + ")");
        } catch (JsonParsingException e) {
            throw new LaunchException(file + ": malformed JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + ": " + e.getMessage());
        } catch (JsonException | IllegalStateException e) {
            throw new LaunchException(file + ": not a JSON object: " + e.getMessage());
        } catch (IOException e) {
            throw new LaunchException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static List<String> available(Home home) {
        try (var files = Files.list(home.configs())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> strings(JsonObject json, String key, Path file) throws LaunchException {
        JsonValue v = json.get(key);
        if (v == null) {
            return List.of();
        }
        if (v.getValueType() == JsonValue.ValueType.STRING) {
            return List.of(((JsonString) v).getString());
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new LaunchException(file + ": '" + key + "' must be a string or an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : v.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.STRING) {
                throw new LaunchException(file + ": '" + key + "' must hold strings only");
            }
            out.add(((JsonString) item).getString());
        }
        return out;
    }

    private static JsonValue substituteAll(JsonValue v, Map<String, String> vars, Path file, String where)
            throws LaunchException {
        switch (v.getValueType()) {
            case STRING:
                return Json.createValue(substitute(((JsonString) v).getString(), vars, file, where, false));
            case OBJECT: {
                JsonObjectBuilder b = Json.createObjectBuilder();
                for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
                    b.add(e.getKey(), substituteAll(e.getValue(), vars, file, where + "." + e.getKey()));
                }
                return b.build();
            }
            case ARRAY: {
                JsonArrayBuilder b = Json.createArrayBuilder();
                for (JsonValue item : (JsonArray) v) {
                    b.add(substituteAll(item, vars, file, where));
                }
                return b.build();
            }
            default:
                return v;
        }
    }

    private static String substitute(String s, Map<String, String> vars, Path file, String where, boolean lenient)
            throws LaunchException {
        Matcher m = VARIABLE.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                if (lenient) {
                    value = m.group();
                } else {
                    throw new LaunchException(file + ": " + where + " uses ${" + m.group(1) + "}, which is not set;"
                            + " define it in 'variables' or pass --set " + m.group(1) + "=...");
                }
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }
}
