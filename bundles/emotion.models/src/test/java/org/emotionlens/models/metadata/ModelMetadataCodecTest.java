package org.emotionlens.models.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The codec on the project's committed models (models/*.model.json) and on broken copies of them. */
class ModelMetadataCodecTest {
    static final Path MODELS = Path.of(System.getProperty("emotionlens.project", "../.."), "models");

    @TempDir
    Path tmp;

    static Stream<Path> committed() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(MODELS)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".model.json")).sorted().toList();
        }
        assertThat(files).as("committed model metadata in " + MODELS).hasSizeGreaterThanOrEqualTo(6);
        return files.stream();
    }

    static JsonObject parse(Path file) throws IOException {
        try (JsonReader r = Json.createReader(Files.newBufferedReader(file))) {
            return r.readObject();
        }
    }

    @ParameterizedTest
    @MethodSource("committed")
    void aCommittedModelsMetadataIsWrittenBackWithEveryMemberAndValue(Path file) throws IOException {
        ModelMetadata m = ModelMetadataCodec.read(file);
        assertThat(m.onnxFile(file)).isRegularFile();
        assertThat(m.onnxSha256()).hasSize(64);
        assertThat(m.labels()).containsExactly("happy", "unknown", "sad");
        Path copy = tmp.resolve(file.getFileName());
        ModelMetadataCodec.write(m, copy);
        assertThat(ModelMetadataCodec.read(copy)).isEqualTo(m);
        // same members with the same values as the committed file (JSON objects compare without member order)
        assertThat(parse(copy)).isEqualTo(parse(file));
        String text = Files.readString(copy);
        assertThat(text).startsWith("{").endsWith("}\n").contains("\"format\": \"emotionlens.model/1\"");
        assertThat(text.indexOf("\"parameters\"")).isLessThan(text.indexOf("\"input\""));
    }

    @Test
    void theCommittedShapesFollowFromLayoutAndLists() {
        ModelMetadata lstm = ModelMetadataCodec.read(MODELS.resolve("lstm-paper.model.json"));
        assertThat(lstm.sequence()).isTrue();
        assertThat(lstm.inputShape()).containsExactly(-1, 52, 1);
        assertThat(lstm.outputShape()).containsExactly(-1, 3);
        assertThat(lstm.featureKind()).isEqualTo("blendshapes");
        ModelMetadata peer = ModelMetadataCodec.read(MODELS.resolve("peer-mini-xception.model.json"));
        assertThat(peer.sequence()).isFalse();
        assertThat(peer.inputShape()).containsExactly(-1, 64 * 64);
        assertThat(peer.inputDetails().getJsonArray("image").toString()).isEqualTo("[64,64,1]");
        assertThat(peer.details().getString("licence")).isEqualTo("MIT");
    }

    /** lstm-paper's metadata, edited as text, in the temp folder. */
    Path edited(java.util.function.UnaryOperator<String> edit) throws IOException {
        Path file = tmp.resolve("edited.model.json");
        Files.writeString(file, edit.apply(Files.readString(MODELS.resolve("lstm-paper.model.json"))));
        return file;
    }

    @Test
    void malformedJsonIsRefusedNamingTheFileAndTheLine() throws IOException {
        Path truncated = edited(t -> t.substring(0, t.indexOf("\"output\"")));
        assertThatThrownBy(() -> ModelMetadataCodec.read(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("not valid JSON")
                .hasMessageContaining("(line ");
        Path array = tmp.resolve("array.model.json");
        Files.writeString(array, "[1, 2]");
        assertThatThrownBy(() -> ModelMetadataCodec.read(array)).hasMessageContaining(array.toString())
                .hasMessageContaining("not a JSON object");
        Path none = tmp.resolve("none.model.json");
        assertThatThrownBy(() -> ModelMetadataCodec.read(none)).hasMessageContaining(none.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void metadataThatLacksAMemberOrContradictsItselfIsRefusedNamingTheFile() throws IOException {
        Path noId = edited(t -> t.replaceFirst("\"id\"", "\"name\""));
        assertThatThrownBy(() -> ModelMetadataCodec.read(noId)).hasMessageContaining(noId.toString())
                .hasMessageContaining("'id'");
        Path noOutputName = edited(t -> t.replace("\"name\": \"probabilities\"", "\"label\": \"probabilities\""));
        assertThatThrownBy(() -> ModelMetadataCodec.read(noOutputName)).hasMessageContaining("'output.name'");
        Path format = edited(t -> t.replace("emotionlens.model/1", "something/2"));
        assertThatThrownBy(() -> ModelMetadataCodec.read(format)).hasMessageContaining(format.toString())
                .hasMessageContaining("has format 'something/2'");
        Path layout = edited(t -> t.replace("\"layout\": \"sequence\"", "\"layout\": \"grid\""));
        assertThatThrownBy(() -> ModelMetadataCodec.read(layout)).hasMessageContaining("input.layout")
                .hasMessageContaining("'grid'");
        Path shape = edited(t -> t.replace("[\"N\", 52, 1]", "[\"N\", 51, 1]"));
        assertThatThrownBy(() -> ModelMetadataCodec.read(shape)).hasMessageContaining(shape.toString())
                .hasMessageContaining("input shape [N, 51, 1]").hasMessageContaining("52 features");
        Path numbers = edited(t -> t.replace("\"labels\": [\"happy\"", "\"labels\": [1"));
        assertThatThrownBy(() -> ModelMetadataCodec.read(numbers)).hasMessageContaining("'labels' must hold strings");
    }

    @Test
    void detailsKeepTheirOrderAndJsonHasNoNonFiniteNumbers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("accuracy", 0.812345);
        m.put("epochs", 3.0);
        m.put("weights", new double[] {1.5, Double.NaN});
        m.put("confusion", new int[][] {{1, 2}, {3, 4}});
        m.put("scale", 0.1f);
        m.put("none", null);
        JsonObject o = DetailValues.object(m);
        assertThat(o.toString()).isEqualTo("{\"z\":1,\"accuracy\":0.812345,\"epochs\":3.0,\"weights\":[1.5,null],"
                + "\"confusion\":[[1,2],[3,4]],\"scale\":0.1,\"none\":null}");
        assertThatThrownBy(() -> DetailValues.of(new Object())).hasMessageContaining("java.lang.Object");
        assertThat(DetailValues.of(Double.POSITIVE_INFINITY)).isEqualTo(JsonValue.NULL);
    }
}
