package org.emotionlens.models.internal;

import java.nio.file.Path;
import java.util.List;

import org.emotionlens.models.ModelFile;
import org.emotionlens.models.ModelLocator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link ModelLocator} service: configuration {@code dir} first, then the default search order.
 *
 * <p>A configuration that arrives (or changes) while it is active is applied in place ({@link Modified}): the
 * service stays registered, so the detector, landmarker and blendshape components that took the locator at
 * activation are not restarted. Restarting them used to reset the landmarker's tracking in the first frames of a
 * run whenever the profile's configuration reached the framework after those components had started, so the same
 * input found 533 faces in some runs and 534 in others. The files it finds are sha256-checked wherever they are,
 * so the components' models do not change.
 */
@Component(configurationPid = "emotion.models", service = ModelLocator.class)
@Designate(ocd = ModelLocatorComponent.Config.class)
public final class ModelLocatorComponent implements ModelLocator {
    @ObjectClassDefinition(name = "EmotionLens models directory")
    public @interface Config {
        @AttributeDefinition(description = "Directory holding third-party model files (e.g. face_landmarker.task); "
                + "empty: -Demotionlens.models, then <project>/models, then ../shared/models")
        String dir() default "";
    }

    private volatile DirectoryModelLocator delegate;

    @Activate
    public ModelLocatorComponent(Config config) {
        delegate = locator(config);
    }

    @Modified
    void modified(Config config) {
        delegate = locator(config);
    }

    private static DirectoryModelLocator locator(Config config) {
        String dir = config.dir().isBlank() ? System.getProperty(DIR_PROPERTY) : config.dir();
        return new DirectoryModelLocator(DirectoryModelLocator.defaultDirectories(dir));
    }

    @Override
    public List<Path> directories() {
        return delegate.directories();
    }

    @Override
    public Path require(ModelFile file) {
        return delegate.require(file);
    }

    @Override
    public byte[] taskEntry(ModelFile task, String entry) {
        return delegate.taskEntry(task, entry);
    }
}
