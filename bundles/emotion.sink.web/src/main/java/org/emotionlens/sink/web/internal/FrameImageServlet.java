package org.emotionlens.sink.web.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code frame.jpg?seq=N}: a frame image the page was told about; without {@code seq} the newest. */
final class FrameImageServlet extends HttpServlet {
    private final ImageStore images;

    FrameImageServlet(ImageStore images) {
        this.images = images;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String seqText = request.getParameter("seq");
        ImageStore.EncodedImage img;
        if (seqText == null) {
            img = images.latest();
        } else {
            try {
                img = images.get(Long.parseLong(seqText));
            } catch (NumberFormatException e) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "seq must be a number, got " + seqText);
                return;
            }
        }
        if (img == null) {
            // Too old (a newer frame replaced it) or not yet made: the page waits for the next one.
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "image " + seqText + " is no longer held");
            return;
        }
        response.setContentType("image/jpeg");
        response.setHeader("X-Frame-Seq", Long.toString(img.seq()));
        response.setContentLength(img.jpeg().length);
        response.getOutputStream().write(img.jpeg());
    }
}
