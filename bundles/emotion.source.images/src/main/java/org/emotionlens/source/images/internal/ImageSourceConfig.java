package org.emotionlens.source.images.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens image source",
        description = "Frames from a folder of images (name order), one image, or an animated GIF.")
public @interface ImageSourceConfig {
    @AttributeDefinition(description = "A folder of images (jpg, jpeg, png, bmp, gif), one image file, or a GIF.")
    String path();

    @AttributeDefinition(description = "Frames per second for timestamps of folder images (GIFs use their delays).")
    double fps() default 30.0;

    @AttributeDefinition(description = "What to do with an unreadable image in a folder: skip (report it) or fail.")
    String on_bad_image() default "skip";
}
