package org.emotionlens.runtime;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Merges several profiles into one container run: the first profile's source is decoded once and fanned out to
 * every variant's pipeline (id = profile name); each variant's other factory configurations are renamed so that
 * they do not collide; each variant writes its predictions to {@code <output>/<variant>/predictions.csv}, and its
 * sinks bind to its own pipeline only.
 */
final class Compare {
    static final String FANOUT = "emotion.source.fanout~compare";
    static final String SOURCE_NAME = "compare";
    static final String VARIANT = "emotion.compare.variant";

    /** Sources whose frames already carry faces: nothing to detect, so nothing to share but the decoding. */
    private static final List<String> PRECOMPUTED_SOURCES = List.of("csv");

    private Compare() {
    }

    private static JsonObjectBuilder pipeline(JsonObject config, String variant, String sourceTarget) {
        return Json.createObjectBuilder(config).add("id", variant).add("source.target", sourceTarget)
                .add("sinks.target", "(" + VARIANT + "=" + variant + ")");
    }

    /** What decides the faces a pipeline finds: detector, landmarker, how they are run, what is kept. */
    private static String visionKey(JsonObject pipeline) {
        StringBuilder b = new StringBuilder();
        for (String k : List.of("detector.target", "landmarker.target", "max.faces", "max.faces:Integer", "video",
                "video:Boolean", "landmarks", "landmarks:Boolean", "rejected.faces")) {
            b.append(k).append('=').append(pipeline.get(k)).append(';');
        }
        return b.toString();
    }

    static Profile merge(Home home, List<String> variants, Map<String, String> vars, Path output)
            throws LaunchException {
        if (new LinkedHashSet<>(variants).size() != variants.size() || variants.size() < 2) {
            throw new LaunchException("compare needs at least two different profiles, got " + variants);
        }
        LinkedHashSet<String> features = new LinkedHashSet<>();
        Map<String, JsonValue> configs = new LinkedHashMap<>();
        String sourceType = null;
        String firstSource = null;
        Map<String, JsonObject> pipelineConfigs = new LinkedHashMap<>();
        for (String variant : variants) {
            Map<String, String> v = new LinkedHashMap<>(vars);
            v.put("output", output.resolve(variant).toString());
            Profile p = Profile.load(home, variant, v);
            features.addAll(p.features);
            List<String> pipelines = new ArrayList<>();
            for (Map.Entry<String, JsonValue> e : p.configurations.entrySet()) {
                String pid = e.getKey();
                JsonObject props = e.getValue().asJsonObject();
                String factory = pid.contains("~") ? pid.substring(0, pid.indexOf('~')) : null;
                if (factory == null) {
                    // a singleton (the model locator, the landmarker, ...) exists once in the container: variants
                    // that set it must agree, or all but the first would silently run with another's settings
                    JsonValue earlier = configs.putIfAbsent(pid, props);
                    if (earlier != null && !earlier.equals(props)) {
                        throw new LaunchException("compare: " + variant + " sets " + pid + " to " + props
                                + " but an earlier variant set it to " + earlier + "; " + pid + " exists once per"
                                + " container, so compare its variants with the same settings or run them apart");
                    }
                } else if (factory.startsWith("emotion.source.")) {
                    String type = factory.substring("emotion.source.".length());
                    if (firstSource == null) {
                        firstSource = pid;
                        sourceType = type;
                        configs.put(factory + "~compare-input", props);
                    } else if (!type.equals(sourceType)) {
                        throw new LaunchException("compare: " + variant + " reads a '" + type + "' source but "
                                + variants.get(0) + " reads '" + sourceType + "'; variants must read the same input");
                    }
                } else if (factory.equals("emotion.pipeline")) {
                    pipelines.add(pid);
                } else if (factory.equals("emotion.sink.file")) {
                    // replaced by the comparison's own prediction file below
                } else {
                    configs.put(factory + "~" + variant + "." + pid.substring(pid.indexOf('~') + 1),
                            Json.createObjectBuilder(props).add(VARIANT, variant).build());
                }
            }
            if (pipelines.size() != 1) {
                throw new LaunchException("compare: profile " + variant + " configures " + pipelines.size()
                        + " pipelines; a variant is a profile with exactly one");
            }
            pipelineConfigs.put(variant, p.configurations.getJsonObject(pipelines.get(0)));
            configs.put("emotion.sink.file~" + variant + ".compare", Json.createObjectBuilder()
                    .add("path", output.resolve(variant).resolve("predictions.csv").toString())
                    .add("empty.frames", true) // frames without a face too: the report checks every frame was seen
                    .add(VARIANT, variant).build());
        }
        if (sourceType == null) {
            throw new LaunchException("compare: profile " + variants.get(0) + " configures no source");
        }
        // Variants that detect and find landmarks alike share one run of those stages: the group's first variant
        // publishes its analysed frames and the others read them through a fan-out of their own.
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, JsonObject> e : pipelineConfigs.entrySet()) {
            String key = PRECOMPUTED_SOURCES.contains(sourceType) ? e.getKey() : visionKey(e.getValue());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e.getKey());
        }
        for (List<String> group : groups.values()) {
            String leader = group.get(0);
            JsonObjectBuilder lp = pipeline(pipelineConfigs.get(leader), leader, "(emotion.source.name=" + SOURCE_NAME
                    + ")");
            if (group.size() > 1) {
                String shared = leader + ".faces";
                lp.add("publish", leader);
                configs.put("emotion.source.fanout~" + shared, Json.createObjectBuilder()
                        .add("emotion.source.name", shared)
                        .add("consumers:Integer", group.size() - 1)
                        .add("upstream.target", "(emotion.source.published=" + leader + ")").build());
                for (String follower : group.subList(1, group.size())) {
                    configs.put("emotion.pipeline~" + follower, pipeline(pipelineConfigs.get(follower), follower,
                            "(emotion.source.name=" + shared + ")").build());
                }
            }
            configs.put("emotion.pipeline~" + leader, lp.build());
        }
        configs.put(FANOUT, Json.createObjectBuilder()
                .add("emotion.source.name", SOURCE_NAME)
                .add("consumers:Integer", groups.size())
                .add("upstream.target", "(&(emotion.source.type=" + sourceType + ")(!(emotion.source.type=fanout)))")
                .build());
        features.add("compare");
        JsonObjectBuilder all = Json.createObjectBuilder();
        configs.forEach(all::add);
        return Profile.of("compare", home.configs(), "variants " + String.join(", ", variants)
                + " on one decoded input", new ArrayList<>(features), all.build());
    }
}
