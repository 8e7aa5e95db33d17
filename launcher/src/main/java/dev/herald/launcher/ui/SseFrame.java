package dev.herald.launcher.ui;

import java.util.regex.Pattern;

/**
 * Server-sent events framing (HTML Living Standard, "Server-sent events"): an event is an optional
 * {@code event:} line, an {@code id:} line and one {@code data:} line per line of its data, ended by
 * an empty line. Lines of the data may end with CR, LF or CRLF; each becomes a {@code data:} line of
 * its own, so no payload can end an event early or forge a field.
 */
final class SseFrame {

  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");
  /** A comment line: keeps idle connections (and the proxies between) open, and finds dead clients. */
  static final String KEEP_ALIVE = ": keep-alive\n\n";

  private SseFrame() {}

  /**
   * One event.
   *
   * @param event the event type, a single line without CR or LF
   * @param id the event's id, sent back by a reconnecting browser as {@code Last-Event-ID}
   * @param data the payload, any text
   */
  static String of(String event, long id, String data) {
    if (event.isEmpty() || event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an event type is one non-empty line, was '" + event + "'");
    }
    StringBuilder frame = new StringBuilder(data.length() + event.length() + 32);
    frame.append("event: ").append(event).append('\n').append("id: ").append(id).append('\n');
    for (String line : LINE_BREAK.split(data, -1)) {
      frame.append("data: ").append(line).append('\n');
    }
    return frame.append('\n').toString();
  }
}
