package dev.herald.processor.logic;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.RequestEvent;
import dev.herald.packages.state.ResourceState;
import java.util.List;

/** The answers the processor gives: a decision for the edge that waits on a request. */
public final class Decisions {

  private Decisions() {}

  public static Decision of(RequestEvent event, int status, String reason, List<Header> headers, String toTag,
      long nowMs) {
    return Decision.newBuilder()
        .setRequestId(event.getRequestId())
        .setReplyPartition(event.getReplyPartition())
        .setStatusCode(status)
        .setReason(reason)
        .setHeaders(headers)
        .setToTag(toTag)
        .setDecidedAtMs(nowMs)
        .build();
  }

  /** The state unchanged, the request answered. */
  static Effects answer(ResourceState state, RequestEvent event, int status, String reason, List<Header> headers,
      String toTag, long nowMs) {
    return Effects.answer(state, of(event, status, reason, headers, toTag, nowMs));
  }
}
