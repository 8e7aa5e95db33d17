package dev.herald.processor.views;

import dev.herald.avro.SubHandling;
import dev.herald.packages.state.Binding;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Resource states as the processor keeps them, for the views' tests. */
public final class ViewStates {

  public static final Flow UDP_FLOW = new Flow(new Flow.Edge("edge-1", 1), "UDP",
      new Flow.Endpoint("127.0.0.1", 5060), new Flow.Endpoint("192.0.2.7", 40123), true, false);
  public static final Flow TCP_FLOW = new Flow(new Flow.Edge("edge-2", 2), "tcp",
      new Flow.Endpoint("127.0.0.1", 5060), new Flow.Endpoint("198.51.100.9", 51000), false, false);

  private ViewStates() {}

  public static Subscription subscription(String resourceUri, String id, String event, String watcher, long expiresAtMs,
      SubHandling handling, Flow flow) {
    return Subscription.builder().id(id).event(event).callId("call-" + id).watcherUri(watcher).watcherTag("w-" + id)
        .resourceUri(resourceUri).localTag("l-" + id).remoteTarget(watcher.replace("@", "@phone.")).expiresAtMs(expiresAtMs)
        .flow(flow).handling(handling).watcherIdentity(watcher).createdAtMs(1).build();
  }

  public static Publication publication(String tag, long expiresAtMs, String publisher, String body) {
    return new Publication(tag, expiresAtMs, "application/pidf+xml", body.getBytes(StandardCharsets.UTF_8), 1000,
        publisher, List.of());
  }

  public static Binding binding(String contact, long expiresAtMs, String instanceId, Flow flow) {
    return new Binding(contact, expiresAtMs, "reg-call", 1, null, instanceId, instanceId == null ? null : 1, "edge",
        "test phone", 1000, flow);
  }

  public static ResourceState state(String resource, List<Publication> publications, List<Subscription> subscriptions,
      List<Binding> bindings) {
    return new ResourceState(resource, publications, subscriptions, publications.size(), bindings);
  }
}
