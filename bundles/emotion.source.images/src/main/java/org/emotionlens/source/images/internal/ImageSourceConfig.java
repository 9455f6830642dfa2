package org.emotionlens.source.images.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens image source",
        description = "Frames from a folder or zip of images (every image below it, name order), one image, or an animated GIF.")
public @interface ImageSourceConfig {
    @AttributeDefinition(description = "A folder or .zip of images (jpg, jpeg, png, bmp; sub-folders too), one image file, or a GIF.")
    String path();

    @AttributeDefinition(description = "Of a folder or zip, only the images whose path inside starts with this, e.g. test/ (default: all).")
    String entries() default "";

    @AttributeDefinition(description = "Enlarge images whose longer side is smaller to this many pixels (bicubic, as dataset build --upscale); 0 = as stored.")
    int upscale() default 0;

    @AttributeDefinition(description = "Frames per second for timestamps of folder images (GIFs use their delays).")
    double fps() default 30.0;

    @AttributeDefinition(description = "Deliver the frames in real time at this many frames per second, as a camera"
            + " would (timestamps i / pace): the source is then live, so a slower pipeline drops frames and reports the"
            + " latency from frame arrival to prediction. 0 = as fast as they are read.")
    double pace() default 0;

    @AttributeDefinition(description = "What to do with an unreadable image in a folder: skip (report it) or fail.")
    String on_bad_image() default "skip";
}
