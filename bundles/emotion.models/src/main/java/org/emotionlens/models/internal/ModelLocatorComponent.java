package org.emotionlens.models.internal;

import java.nio.file.Path;
import java.util.List;

import org.emotionlens.models.ModelFile;
import org.emotionlens.models.ModelLocator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@link ModelLocator} service: configuration {@code dir} first, then the default search order. */
@Component(configurationPid = "emotion.models", service = ModelLocator.class)
@Designate(ocd = ModelLocatorComponent.Config.class)
public final class ModelLocatorComponent implements ModelLocator {
    @ObjectClassDefinition(name = "EmotionLens models directory")
    public @interface Config {
        @AttributeDefinition(description = "Directory holding third-party model files (e.g. face_landmarker.task); "
                + "empty: -Demotionlens.models, then <project>/models, then ../shared/models")
        String dir() default "";
    }

    private final DirectoryModelLocator delegate;

    @Activate
    public ModelLocatorComponent(Config config) {
        String dir = config.dir().isBlank() ? System.getProperty(DIR_PROPERTY) : config.dir();
        delegate = new DirectoryModelLocator(DirectoryModelLocator.defaultDirectories(dir));
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
