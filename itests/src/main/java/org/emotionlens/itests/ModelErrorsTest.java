package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectService;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A model whose ONNX input does not match its metadata is refused, with a message naming the file. */
class ModelErrorsTest {
    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    ServiceComponentRuntime scr;

    @Test
    void aModelWithTheWrongInputShapeIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("emotionlens-badmodel-");
        JsonObject meta;
        try (Reader in = Files.newBufferedReader(Containers.MODELS.resolve("lstm-paper.model.json"));
                JsonReader r = Json.createReader(in)) {
            meta = r.readObject();
        }
        // Claim 27 features for a model whose ONNX input takes 52 (without a declared shape, which would be refused
        // before ONNX Runtime is asked: the metadata would contradict itself).
        List<String> names = meta.getJsonArray("features").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).limit(27).toList();
        JsonObject wrong = Json.createObjectBuilder(meta).add("id", "wrong-shape")
                .add("features", Json.createArrayBuilder(names))
                .add("input", Json.createObjectBuilder(meta.getJsonObject("input")).remove("shape"))
                .add("onnx", Containers.MODELS.resolve(meta.getString("onnx")).toString()).build();
        Files.writeString(dir.resolve("wrong-shape.model.json"), wrong.toString());
        try (Containers c = new Containers(configAdmin)) {
            c.configure("emotion.classifier.onnx", "wrong", Map.of("emotion.model", "wrong-shape", "models.dir",
                    dir.toString()));
            ComponentConfigurationDTO failed = awaitFailure("wrong-shape");
            assertThat(failed.failure).contains("input shape").contains("27").contains(meta.getString("onnx"));
        }
    }

    private ComponentConfigurationDTO awaitFailure(String model) throws InterruptedException {
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTOs().stream()
                .filter(x -> x.name.equals("org.emotionlens.classifier.onnx.internal.OnnxEmotionClassifier"))
                .findFirst().orElseThrow();
        for (int i = 0; i < 500; i++) {
            for (ComponentConfigurationDTO cc : scr.getComponentConfigurationDTOs(d)) {
                if (model.equals(cc.properties.get("emotion.model"))
                        && cc.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return cc;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the classifier for " + model + " did not fail activation");
    }
}
