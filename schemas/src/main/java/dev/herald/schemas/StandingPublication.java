package dev.herald.schemas;

import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The standing publication a part of Herald keeps for a resource whose state comes from elsewhere (an
 * XMPP contact, a user of another SIP domain): created, replaced or removed under its tag without
 * SIP-If-Match, through herald.requests like any PUBLISH.
 *
 * @param tag the standing tag, with a ':' so that no SIP PUBLISH can name it
 * @param source who publishes: the request's edge id and Call-ID
 * @param userAgent what the history shows as the publisher's User-Agent
 */
public record StandingPublication(String tag, String source, String userAgent) {

  public StandingPublication {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(source, "source");
    if (tag.indexOf(':') < 0) {
      throw new IllegalArgumentException("a standing tag has a ':', so no SIP-If-Match can name it: " + tag);
    }
  }

  /**
   * The request that makes {@code body} the publication of {@code resource} (URI {@code uri}, package
   * {@code event}) for {@code seconds}; a null body removes it.
   */
  public RequestEvent request(String resource, String uri, String event, String contentType, byte[] body,
      int seconds, long nowMs) {
    Publish publish = Publish.newBuilder()
        .setEvent(event)
        .setExpires(body == null ? 0 : seconds)
        .setContentType(body == null ? null : contentType)
        .setBody(body == null ? null : ByteBuffer.wrap(body))
        .setCallId(source)
        .setFromUri(uri)
        .setExtraHeaders(List.of())
        .setUserAgent(userAgent)
        .setStandingTag(tag)
        .build();
    return RequestEvent.newBuilder()
        .setRequestId(source + "-" + UUID.randomUUID())
        .setResource(resource)
        .setEdgeId(source)
        .setReplyPartition(-1)
        .setReceivedAtMs(nowMs)
        .setPayload(publish)
        .build();
  }
}
