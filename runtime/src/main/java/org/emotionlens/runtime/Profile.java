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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    /** Variable names the profile knows: built-ins, declared ones and those its configurations use. */
    final Set<String> known;
    /** Variables the configurations refer to, directly or through the variables they use. */
    private final Set<String> used;

    private Profile(String name, Path file, String description, List<String> features, Map<String, String> variables,
            JsonObject configurations, Set<String> known, Set<String> used) {
        this.name = name;
        this.file = file;
        this.description = description;
        this.features = features;
        this.variables = variables;
        this.configurations = configurations;
        this.known = known;
        this.used = used;
    }

    /** A profile made in code, e.g. the merged variants of a comparison. */
    static Profile of(String name, Path file, String description, List<String> features, JsonObject configurations) {
        return new Profile(name, file, description, List.copyOf(features), Map.of(), configurations, Set.of(),
                Set.of());
    }

    static final List<String> BUILT_INS = List.of("project", "shared", "models", "profile", "output");

    /**
     * Loads {@code configs/<name>.json}, or a profile file given as a path ({@code ../configs/csv},
     * {@code my/profile.json}); its {@code extends} are looked up beside it first, then in configs/.
     */
    static Profile load(Home home, String nameOrPath, Map<String, String> overrides) throws LaunchException {
        Path file = locate(home, nameOrPath, null);
        String name = profileName(file);
        Raw raw = merge(home, file, new ArrayList<>());
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("project", home.project().toString());
        vars.put("shared", home.shared().toString());
        vars.put("models", home.models().toString());
        vars.put("profile", name);
        vars.put("output", home.project().resolve("out").resolve(name).toString());
        raw.variables.forEach(vars::put);
        Set<String> known = new TreeSet<>(vars.keySet());
        raw.variables.values().forEach(v -> known.addAll(referenced(v)));
        raw.configurations.values().forEach(v -> collectReferences(v, known));
        vars.putAll(overrides);
        // Variables may refer to each other (input -> ${shared}/...): resolve until stable.
        for (int round = 0; round < 5; round++) {
            for (Map.Entry<String, String> e : vars.entrySet()) {
                e.setValue(substitute(e.getValue(), vars, file, "variable '" + e.getKey() + "'", true));
            }
        }
        JsonObjectBuilder configs = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : raw.configurations.entrySet()) {
            configs.add(e.getKey(), substituteAll(e.getValue(), vars, file, e.getKey(), overrides));
        }
        Set<String> used = new TreeSet<>();
        raw.configurations.values().forEach(v -> collectReferences(v, used));
        for (int round = 0; round < 5; round++) {
            for (String u : List.copyOf(used)) {
                String declared = raw.variables.get(u);
                if (declared != null) {
                    used.addAll(referenced(declared));
                }
            }
        }
        return new Profile(name, file, raw.description, List.copyOf(raw.features), vars, configs.build(),
                Collections.unmodifiableSet(known), Collections.unmodifiableSet(used));
    }

    /** A name ({@code csv}) is configs/csv.json; anything with a slash or ending in .json is a file path. */
    private static Path locate(Home home, String ref, Path besides) throws LaunchException {
        if (ref == null || ref.isBlank()) {
            throw new LaunchException("a profile name is empty; profiles: " + String.join(", ", available(home)));
        }
        boolean path = ref.contains("/") || ref.contains(java.io.File.separator) || ref.endsWith(".json");
        if (path) {
            Path p = (besides != null ? besides.resolve(ref) : Path.of(ref)).toAbsolutePath().normalize();
            if (!p.getFileName().toString().endsWith(".json") && !Files.exists(p)) {
                p = p.resolveSibling(p.getFileName() + ".json");
            }
            if (Files.isDirectory(p)) {
                throw new LaunchException("profile " + ref + " is a folder (" + p + "); give a profile name such as"
                        + " 'csv' or a profile file such as configs/csv.json");
            }
            return p;
        }
        if (besides != null && Files.isRegularFile(besides.resolve(ref + ".json"))) {
            return besides.resolve(ref + ".json").toAbsolutePath().normalize();
        }
        return home.configs().resolve(ref + ".json");
    }

    private static String profileName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
    }

    /**
     * Refuses command-line variables the profile does not know (a misspelt {@code --set modle=dense} would
     * otherwise be ignored). {@code how} maps a variable to the option that set it, for the message.
     */
    void checkOverrides(Map<String, String> overrides, Map<String, String> how) throws LaunchException {
        for (String v : overrides.keySet()) {
            if (!known.contains(v)) {
                throw new LaunchException(unknownVariable(v, how.getOrDefault(v, "--set " + v + "=..."), List.of(this)));
            }
        }
    }

    /** The message for a variable none of {@code profiles} knows. */
    static String unknownVariable(String v, String option, List<Profile> profiles) {
        Set<String> all = new TreeSet<>();
        profiles.forEach(p -> all.addAll(p.known));
        String near = null;
        int best = 3;
        for (String k : all) {
            int d = distance(v.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < best) {
                best = d;
                near = k;
            }
        }
        String which = profiles.size() == 1 ? "profile " + profiles.get(0).name + " (" + profiles.get(0).file + ")"
                : "none of the profiles " + profiles.stream().map(p -> p.name).toList();
        return option + ": " + which + " has no variable '" + v + "'" + (near == null ? "" : " (did you mean '" + near
                + "'?)") + "; its variables: " + String.join(", ", all);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Set<String> referenced(String s) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(s);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static void collectReferences(JsonValue v, Set<String> into) {
        switch (v.getValueType()) {
            case STRING -> into.addAll(referenced(((JsonString) v).getString()));
            case OBJECT -> v.asJsonObject().values().forEach(x -> collectReferences(x, into));
            case ARRAY -> v.asJsonArray().forEach(x -> collectReferences(x, into));
            default -> {
            }
        }
    }

    /** Whether the configurations use {@code ${name}} anywhere (directly or through another variable). */
    boolean uses(String variable) {
        return used.contains(variable);
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

    /**
     * The configurations as an OSGi Configurator resource. Pipelines come last, so that once a pipeline is there
     * every stage it may bind has been configured; each waits for the launcher's start gate ({@code gate}, an LDAP
     * filter; null: none).
     */
    String configuratorJson(String version, String gate) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add(":configurator:resource-version", 1)
                .add(":configurator:symbolic-name", "emotionlens.profile." + name)
                .add(":configurator:version", version);
        configurations.forEach((pid, v) -> {
            if (!pid.startsWith(PIPELINE_FACTORY)) {
                b.add(pid, v);
            }
        });
        configurations.forEach((pid, v) -> {
            if (pid.startsWith(PIPELINE_FACTORY)) {
                b.add(pid, gate == null || v.getValueType() != JsonValue.ValueType.OBJECT ? v
                        : Json.createObjectBuilder(v.asJsonObject()).add("start.gate", gate).build());
            }
        });
        return b.build().toString();
    }

    private record Raw(String description, LinkedHashSet<String> features, Map<String, String> variables,
            Map<String, JsonValue> configurations) {
    }

    private static Raw merge(Home home, Path file, List<String> chain) throws LaunchException {
        String name = profileName(file);
        if (chain.contains(file.toString())) {
            throw new LaunchException("profile '" + name + "' extends itself: " + String.join(" -> ", chain));
        }
        chain.add(file.toString());
        JsonObject json = read(home, file, name);
        Raw merged = new Raw(null, new LinkedHashSet<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        for (String parent : strings(json, "extends", file)) {
            Raw p = merge(home, locate(home, parent, file.getParent()), chain);
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
            throw new LaunchException("unknown profile '" + name + "': " + file + " does not exist (profiles in "
                    + home.configs() + ": " + String.join(", ", available(home)) + ")");
        } catch (JsonParsingException e) {
            throw new LaunchException(file + ": malformed JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + ": " + e.getMessage());
        } catch (JsonException | IllegalStateException e) {
            throw new LaunchException(file + ": not a JSON object: " + e.getMessage());
        } catch (IOException e) {
            throw new LaunchException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * A command profile's {@code options} ({@code {"--models": "task.dir"}}): the variables the command's own
     * arguments set ({@code --models x} or {@code --models=x}), so the container's stages see them.
     */
    static Map<String, String> optionVariables(Path file, String[] args) throws LaunchException {
        Map<String, String> vars = new LinkedHashMap<>();
        JsonValue options;
        try (Reader in = Files.newBufferedReader(file); JsonReader reader = Json.createReader(in)) {
            options = reader.readObject().get("options");
        } catch (IOException | JsonException | IllegalStateException e) {
            throw new LaunchException("cannot read " + file + ": " + e.getMessage());
        }
        if (options == null) {
            return vars;
        }
        if (options.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new LaunchException(file + ": 'options' must be an object of command option -> variable");
        }
        for (Map.Entry<String, JsonValue> o : options.asJsonObject().entrySet()) {
            String variable = ((JsonString) o.getValue()).getString();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals(o.getKey()) && i + 1 < args.length) {
                    vars.put(variable, args[i + 1]);
                } else if (args[i].startsWith(o.getKey() + "=")) {
                    vars.put(variable, args[i].substring(o.getKey().length() + 1));
                }
            }
        }
        return vars;
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

    private static JsonValue substituteAll(JsonValue v, Map<String, String> vars, Path file, String pid,
            Map<String, String> overrides) throws LaunchException {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            return v;
        }
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
            String key = e.getKey();
            int colon = key.indexOf(':');
            String type = colon < 0 ? null : key.substring(colon + 1);
            b.add(key, substituteValue(e.getValue(), vars, file, pid, key, type, overrides));
        }
        return b.build();
    }

    private static JsonValue substituteValue(JsonValue v, Map<String, String> vars, Path file, String pid, String key,
            String type, Map<String, String> overrides) throws LaunchException {
        switch (v.getValueType()) {
            case STRING: {
                String raw = ((JsonString) v).getString();
                String value = substitute(raw, vars, file, pid + "." + key, false);
                String element = type == null ? null : type.replaceFirst("^(?:Collection<(.*)>|(.*)\\[])$", "$1$2");
                String problem = typeProblem(element, value);
                if (problem != null) {
                    List<String> used = new ArrayList<>(referenced(raw));
                    String setting = used.stream().map(n -> overrides.containsKey(n) ? "--set " + n + "="
                            + overrides.get(n) : "variable '" + n + "' = '" + vars.get(n) + "'")
                            .reduce((x, y) -> x + ", " + y).map(x -> x + ": ").orElse("");
                    throw new LaunchException(setting + key + " of " + pid + " (" + file + ") needs " + problem
                            + ", got '" + value + "'" + (used.isEmpty() ? "" : "; set " + String.join(" / ", used)
                            + " to " + problem));
                }
                return Json.createValue(value);
            }
            case ARRAY: {
                JsonArrayBuilder b = Json.createArrayBuilder();
                for (JsonValue item : (JsonArray) v) {
                    b.add(substituteValue(item, vars, file, pid, key, type, overrides));
                }
                return b.build();
            }
            case OBJECT: {
                JsonObjectBuilder b = Json.createObjectBuilder();
                for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
                    b.add(e.getKey(), substituteValue(e.getValue(), vars, file, pid, key + "." + e.getKey(), null,
                            overrides));
                }
                return b.build();
            }
            default:
                return v;
        }
    }

    /** What a typed property (OSGi Configurator type names) needs when {@code value} does not convert; else null. */
    static String typeProblem(String type, String value) {
        if (type == null) {
            return null;
        }
        String t = value.trim();
        try {
            switch (type) {
                case "Integer", "int" -> Integer.parseInt(t);
                case "Long", "long" -> Long.parseLong(t);
                case "Short", "short" -> Short.parseShort(t);
                case "Byte", "byte" -> Byte.parseByte(t);
                case "Double", "double", "Float", "float" -> {
                    double d = Double.parseDouble(t);
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        return "a finite number";
                    }
                }
                case "Boolean", "boolean" -> {
                    if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                        return "true or false";
                    }
                }
                case "Character", "char" -> {
                    if (t.length() != 1) {
                        return "a single character";
                    }
                }
                default -> {
                    return null;
                }
            }
            return null;
        } catch (NumberFormatException e) {
            return switch (type) {
                case "Double", "double", "Float", "float" -> "a number";
                default -> "a whole number (" + type + ")";
            };
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
