package dev.herald.packages.rls;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One resource of a list as an RLMI document shows it (RFC 4662 §5.3). A nested list is a
 * resource too: its URI is the nested list's, and its instance's cid names a part that is itself a
 * multipart/related body with the nested list's RLMI (RFC 4662 §5.5).
 *
 * @param uri the resource's URI
 * @param name its display name, or null
 * @param instances its back-end subscriptions; none when the list server has none yet
 */
public record RlmiResource(String uri, String name, List<RlmiInstance> instances) {

  public RlmiResource {
    if (uri == null || uri.isEmpty()) {
      throw new IllegalArgumentException("a resource needs a URI");
    }
    instances = List.copyOf(instances);
    // RFC 4662 §5.5: an instance id identifies one instance of its resource.
    Set<String> ids = new HashSet<>();
    for (RlmiInstance instance : instances) {
      if (!ids.add(instance.id())) {
        throw new IllegalArgumentException("instance id " + instance.id() + " twice in " + uri);
      }
    }
  }
}
