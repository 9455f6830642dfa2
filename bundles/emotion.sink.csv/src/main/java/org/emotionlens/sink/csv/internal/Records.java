package org.emotionlens.sink.csv.internal;

import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;

import java.util.List;

/** One output format of the file sink: a header (or none) and one line per face (or per empty frame). */
interface Records {
    /** The first line of the file for these class labels, or null when the format has none. */
    String header(List<String> labels);

    /** The line of one face of a frame; {@code face} null for a frame without faces. */
    String line(FrameResult frame, FaceResult face, List<String> labels);

    /** The landmarks the sink writes: the 478 of MediaPipe's mesh. */
    int LANDMARKS = 478;
}
