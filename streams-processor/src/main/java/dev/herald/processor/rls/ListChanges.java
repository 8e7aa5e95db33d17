package dev.herald.processor.rls;

import dev.herald.avro.AdminCommand;
import dev.herald.avro.ListEntry;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.ResourceList;
import dev.herald.packages.rls.ListRules;
import dev.herald.packages.rls.ListTree;
import dev.herald.schemas.ResourceKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requests one change of herald.resource-lists makes: one for every list resource it changes, the
 * changed list itself and each list that nests it (before or after the change), once per package
 * that serves lists. Each carries the list's whole tree as it is now, or says that the list is gone,
 * so the list resource serves it without reading anything else, and a replay of herald.requests
 * serves the lists of its time.
 */
public final class ListChanges {

  private ListChanges() {}

  /**
   * @param before the lists before the change, by URI
   * @param after the lists after it
   * @param changed the URI of the list that changed
   * @param origin what names the change uniquely (the record's place), so the same change read twice
   *     makes the same request ids
   */
  public static List<RequestEvent> requests(Map<String, ResourceList> before, Map<String, ResourceList> after,
      String changed, Set<String> packages, String origin, long atMs) {
    Set<String> roots = new LinkedHashSet<>(reaching(before, changed));
    roots.addAll(reaching(after, changed));
    List<RequestEvent> requests = new ArrayList<>();
    for (String root : roots) {
      Map<String, String> args = new HashMap<>();
      ListTree.from(root, after).ifPresent(tree -> args.put(ListWatches.ARG_TREE, ListTrees.toJson(tree.toRecord())));
      for (String pkg : packages.stream().sorted().toList()) {
        String resource = ResourceKeys.of(pkg, root);
        requests.add(RequestEvent.newBuilder()
            .setRequestId("rls-list|" + origin + "|" + resource)
            .setResource(resource)
            .setReplyPartition(-1)
            .setReceivedAtMs(atMs)
            .setPayload(new AdminCommand(ListWatches.LIST_CHANGED, args, "resource-lists"))
            .build());
      }
    }
    return requests;
  }

  /** {@code uri} and every list among {@code lists} that reaches it through its members. */
  static Set<String> reaching(Map<String, ResourceList> lists, String uri) {
    Map<String, List<String>> members = new HashMap<>();
    lists.forEach((list, value) -> members.put(list, value.getEntries().stream().map(ListEntry::getUri).toList()));
    return ListRules.reaching(members, uri);
  }
}
