package org.emotionlens.pipeline.internal;

import org.emotionlens.api.Pipeline;
import org.emotionlens.api.PipelineStats;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import java.io.IOException;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Gogo shell commands: {@code emotion:stages} lists every pipeline's stages and the service bound to each;
 * {@code emotion:swap <pipeline> <stage> <filter>} re-targets a stage through Configuration Admin, which the
 * pipeline applies in place (hot swap). Plain methods returning text: no Gogo API needed.
 */
@Component(service = PipelineCommands.class, property = {"osgi.command.scope=emotion",
        "osgi.command.function=stages", "osgi.command.function=swap"})
public class PipelineCommands {
    private static final Set<String> SWAPPABLE = Set.of(PipelineComponent.STAGE_DETECTOR,
            PipelineComponent.STAGE_LANDMARKER, PipelineComponent.STAGE_FEATURES, PipelineComponent.STAGE_CLASSIFIER,
            PipelineComponent.STAGE_FILTER, PipelineComponent.STAGE_SINKS);

    private final ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<Pipeline> pipelines = new CopyOnWriteArrayList<>();

    @Activate
    public PipelineCommands(@Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** Every pipeline with its state, figures and the service bound to each stage. */
    public String stages() {
        if (pipelines.isEmpty()) {
            return "no pipeline is running";
        }
        StringBuilder b = new StringBuilder();
        for (Pipeline p : pipelines) {
            PipelineStats s = p.stats();
            b.append(String.format(Locale.ROOT, "pipeline %s: %d frames, %d predictions, %.1f frames/s%n", p.id(),
                    s.frames(), s.predictions(), s.framesPerSecond()));
            p.stages().forEach((stage, bound) -> b.append(String.format("  %-11s %s%n", stage, bound)));
        }
        return b.toString();
    }

    /** Re-targets one stage of a pipeline, e.g. {@code swap csv classifier (emotion.model=dense)}. */
    public String swap(String pipeline, String stage, String filter) throws IOException, InvalidSyntaxException {
        if (!SWAPPABLE.contains(stage)) {
            return "stage must be one of " + SWAPPABLE + " (the source is fixed for a run)";
        }
        FrameworkUtil.createFilter(filter); // refuse a malformed filter before it reaches the configuration
        Configuration[] configs = configAdmin.listConfigurations("(service.factoryPid=" + PipelineComponent.PID + ")");
        if (configs != null) {
            for (Configuration c : configs) {
                Dictionary<String, Object> props = c.getProperties();
                Object id = props.get("id");
                String name = c.getPid().substring(c.getPid().indexOf('~') + 1);
                if (pipeline.equals(id) || (id == null && pipeline.equals(name))) {
                    props.put(stage + ".target", filter);
                    c.update(props);
                    return "pipeline " + pipeline + ": " + stage + ".target = " + filter;
                }
            }
        }
        return "no pipeline configuration with id '" + pipeline + "'";
    }
}
