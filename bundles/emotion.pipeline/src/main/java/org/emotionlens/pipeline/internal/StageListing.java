package org.emotionlens.pipeline.internal;

import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.PredictionFilter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** For messages about an unbound stage: the services registered for it and their properties. */
final class StageListing {
    private static final Map<String, String> INTERFACES = Map.of("detector", FaceDetector.class.getName(),
            "landmarker", FaceLandmarker.class.getName(), "features", FeatureExtractor.class.getName(),
            "classifier", EmotionClassifier.class.getName(), "filter", PredictionFilter.class.getName());

    private StageListing() {
    }

    /** What a stage's target could have matched, or why nothing could. */
    static String available(BundleContext context, String stage) {
        String iface = INTERFACES.get(stage);
        List<String> found = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = iface == null ? null : context.getServiceReferences(iface, null);
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                List<String> props = new ArrayList<>();
                for (String k : r.getPropertyKeys()) {
                    if (k.startsWith("emotion.")) {
                        Object v = r.getProperty(k);
                        props.add(k + "=" + (v instanceof Object[] a ? Arrays.toString(a) : v));
                    }
                }
                Collections.sort(props);
                found.add("(" + String.join(", ", props) + ")");
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // no listing
        }
        return found.isEmpty() ? "no " + stage + " service is registered at all: is its bundle installed and its"
                + " configuration valid?" : "available " + stage + " services: " + String.join(", ", found);
    }
}
