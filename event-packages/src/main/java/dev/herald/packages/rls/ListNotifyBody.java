package dev.herald.packages.rls;

import dev.herald.avro.ListEntry;
import dev.herald.avro.ResourceList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The body of one NOTIFY of a resource list subscription (RFC 4662 §5): the RLMI of the list, a part
 * for each instance whose state it carries, and for each nested list a part that is itself such a
 * body. Full state names every resource; partial state only those that changed, and the nested
 * lists that hold them (§5.2).
 */
public final class ListNotifyBody {

  /**
   * What the list server last heard of one member through its back-end subscription.
   *
   * @param subscriptionState the Subscription-State of the member's last NOTIFY
   * @param contentType the body's type, or null
   * @param body the member's document, or null
   */
  public record MemberState(String subscriptionState, String contentType, byte[] body) {
    public MemberState {
      Objects.requireNonNull(subscriptionState, "subscriptionState");
    }
  }

  private ListNotifyBody() {}

  /**
   * The NOTIFY body of document {@code version}.
   *
   * @param states the members Herald has heard of; a member without one shows with no instance
   * @param changed the members a partial document carries; ignored for full state
   * @param host the host part of the Content-IDs
   */
  public static MultipartRelated.Body write(ListTree tree, Map<String, MemberState> states, long version,
      boolean fullState, Set<String> changed, String host) {
    return writeList(tree, tree.root(), states, version, fullState, changed, host, new HashSet<>());
  }

  private static MultipartRelated.Body writeList(ListTree tree, String uri, Map<String, MemberState> states,
      long version, boolean fullState, Set<String> changed, String host, Set<String> onPath) {
    onPath.add(uri);
    ResourceList list = tree.list(uri);
    List<RlmiResource> resources = new ArrayList<>();
    List<MultipartRelated.Part> parts = new ArrayList<>();
    Set<String> named = new HashSet<>();
    for (ListEntry entry : list.getEntries()) {
      String member = entry.getUri();
      if (!named.add(member)) {
        continue;
      }
      if (tree.isList(member)) {
        if (onPath.contains(member) || !fullState && !holdsAny(tree, member, changed, new HashSet<>())) {
          continue;
        }
        // RFC 4662 §5.5: a nested list is a resource whose state is a multipart/related body of its own.
        MultipartRelated.Body nested = writeList(tree, member, states, version, fullState, changed, host, onPath);
        String cid = ContentIds.forList(member, version, host);
        resources.add(new RlmiResource(member, entry.getDisplayName(),
            List.of(RlmiInstance.active(instanceId(member), cid))));
        parts.add(new MultipartRelated.Part(cid, nested.contentType(), nested.bytes()));
        continue;
      }
      if (!fullState && !changed.contains(member)) {
        continue;
      }
      MemberState state = states.get(member);
      if (state == null) {
        // RFC 4662 §4.5: a resource without instances: no back-end subscription has reported yet.
        resources.add(new RlmiResource(member, entry.getDisplayName(), List.of()));
        continue;
      }
      RlmiInstance instance = instance(member, state, version, host);
      resources.add(new RlmiResource(member, entry.getDisplayName(), List.of(instance)));
      if (instance.cid() != null) {
        parts.add(new MultipartRelated.Part(instance.cid(), state.contentType(), state.body()));
      }
    }
    onPath.remove(uri);
    RlmiList rlmi = new RlmiList(uri, version, fullState, list.getName(), resources);
    // A nested list's part is named by forList; its own RLMI inside needs another name (RFC 2392 §2).
    return RlmiBody.write(rlmi, ContentIds.forInstance(uri, "rlmi", version, host), parts);
  }

  /** RFC 4662 §5.5: active carries the member's state; pending carries none; terminated its reason. */
  private static RlmiInstance instance(String member, MemberState state, long version, String host) {
    String id = instanceId(member);
    String value = state.subscriptionState().toLowerCase(Locale.ROOT);
    if (value.startsWith("terminated")) {
      String reason = parameter(value, "reason");
      // RFC 6665 §4.1.3 lets a subscription end without a reason; RLMI needs one, and this one invites a retry.
      return RlmiInstance.terminated(id, reason != null ? reason : "deactivated");
    }
    if (value.startsWith("pending") || state.body() == null || state.contentType() == null) {
      return RlmiInstance.pending(id);
    }
    return RlmiInstance.active(id, ContentIds.forResource(member, version, host));
  }

  /** The instance id of a member's back-end subscription: the same in every document (RFC 4662 §5.5). */
  static String instanceId(String member) {
    return dev.herald.packages.xml.XmlIds.hashed("b", member);
  }

  private static String parameter(String subscriptionState, String name) {
    for (String part : subscriptionState.split(";")) {
      String[] pair = part.strip().split("=", 2);
      if (pair.length == 2 && pair[0].strip().equals(name) && !pair[1].isBlank()) {
        return pair[1].strip();
      }
    }
    return null;
  }

  private static boolean holdsAny(ListTree tree, String list, Set<String> changed, Set<String> seen) {
    if (!seen.add(list)) {
      return false;
    }
    for (ListEntry entry : tree.list(list).getEntries()) {
      String member = entry.getUri();
      if (tree.isList(member) ? holdsAny(tree, member, changed, seen) : changed.contains(member)) {
        return true;
      }
    }
    return false;
  }
}
