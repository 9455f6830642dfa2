package org.emotionlens.sink.stream;

import java.util.function.UnaryOperator;

/**
 * How messages go on the wire of one kind of stream: the content type, how a message is framed, the keep-alive
 * that keeps proxies from closing a quiet stream, and whether a client that lost messages is told so.
 *
 * @param contentType the response's content type
 * @param frame turns one message into the bytes' text
 * @param keepAlive sent after {@link ClientStreams#KEEP_ALIVE_SECONDS} without a message
 * @param noticeOverflow whether a client gets {@code {"type":"overflow","lost":N}} after losing N messages
 */
public record Framing(String contentType, UnaryOperator<String> frame, String keepAlive, boolean noticeOverflow) {

    /** Server-Sent Events whose messages are already whole events ({@code event: x\ndata: ...\n\n}). */
    public static Framing sseEvents() {
        return new Framing("text/event-stream; charset=utf-8", m -> m, ": keep-alive\n\n", false);
    }

    /** Server-Sent Events with one JSON message per {@code data:} line. */
    public static Framing sseData() {
        return new Framing("text/event-stream; charset=utf-8", m -> "data: " + m + "\n\n", ": keep-alive\n\n", true);
    }

    /** JSON lines (NDJSON), one message per line. */
    public static Framing jsonLines() {
        return new Framing("application/x-ndjson; charset=utf-8", m -> m + "\n",
                JsonValues.provider().createObjectBuilder().add("type", "keepalive").build() + "\n", true);
    }

    String overflow(long lost) {
        return frame.apply(JsonValues.provider().createObjectBuilder().add("type", "overflow").add("lost", lost).build().toString());
    }
}
