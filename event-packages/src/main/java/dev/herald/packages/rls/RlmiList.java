package dev.herald.packages.rls;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one RLMI document says of a list (RFC 4662 §5.2): every resource when {@code fullState},
 * only those that changed since the document before otherwise.
 *
 * @param uri the list's URI, the Request-URI of the SUBSCRIBE
 * @param version counts the documents of one list subscription from 0 (RFC 4662 §5.2)
 * @param fullState whether the document lists every resource
 * @param name the list's display name, or null
 * @param resources the resources in document order, nested lists among them
 */
public record RlmiList(String uri, long version, boolean fullState, String name, List<RlmiResource> resources) {

  // RFC 4662 §5.1: version is an xs:unsignedInt.
  static final long MAX_VERSION = 0xFFFF_FFFFL;

  public RlmiList {
    if (uri == null || uri.isEmpty()) {
      throw new IllegalArgumentException("a list needs a URI");
    }
    if (version < 0 || version > MAX_VERSION) {
      throw new IllegalArgumentException("version outside 0.." + MAX_VERSION + ": " + version);
    }
    resources = List.copyOf(resources);
    Set<String> uris = new HashSet<>();
    Set<String> cids = new HashSet<>();
    for (RlmiResource resource : resources) {
      if (!uris.add(resource.uri())) {
        throw new IllegalArgumentException("resource " + resource.uri() + " twice in " + uri);
      }
      for (RlmiInstance instance : resource.instances()) {
        // RFC 2392: a Content-ID names one part of the body.
        if (instance.cid() != null && !cids.add(instance.cid())) {
          throw new IllegalArgumentException("cid " + instance.cid() + " on two instances");
        }
      }
    }
  }

  /** The Content-IDs the document refers to, in document order. */
  public List<String> cids() {
    return resources.stream()
        .flatMap(resource -> resource.instances().stream())
        .map(RlmiInstance::cid)
        .filter(cid -> cid != null)
        .toList();
  }
}
