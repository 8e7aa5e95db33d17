package dev.herald.packages.rls;

import dev.herald.avro.ListEntry;
import dev.herald.avro.ResourceList;
import dev.herald.avro.store.ListTreeRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A resource list as a list subscription serves it: the list and the lists nested in it (RFC 4662
 * §4.1: a member that is a list expands into its own members).
 */
public record ListTree(String root, Map<String, ResourceList> lists) {

  public ListTree {
    Objects.requireNonNull(root, "root");
    lists = Map.copyOf(lists);
    if (!lists.containsKey(root)) {
      throw new IllegalArgumentException("the tree of " + root + " lacks the list itself");
    }
  }

  public static ListTree of(ListTreeRecord record) {
    Map<String, ResourceList> byUri = new LinkedHashMap<>();
    record.getLists().forEach(list -> byUri.put(list.getUri(), list));
    return new ListTree(record.getRoot(), byUri);
  }

  /** {@code root} and every list reachable from it among {@code known}, keyed by list URI. */
  public static Optional<ListTree> from(String root, Map<String, ResourceList> known) {
    if (!known.containsKey(root)) {
      return Optional.empty();
    }
    Map<String, ResourceList> reachable = new LinkedHashMap<>();
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (reachable.containsKey(next)) {
        continue;
      }
      ResourceList list = known.get(next);
      reachable.put(next, list);
      list.getEntries().stream().map(ListEntry::getUri).filter(known::containsKey).forEach(todo::push);
    }
    return Optional.of(new ListTree(root, reachable));
  }

  public ListTreeRecord toRecord() {
    List<ResourceList> ordered = new java.util.ArrayList<>();
    ordered.add(lists.get(root));
    lists.forEach((uri, list) -> {
      if (!uri.equals(root)) {
        ordered.add(list);
      }
    });
    return ListTreeRecord.newBuilder().setRoot(root).setLists(ordered).build();
  }

  /** Whether {@code uri} is one of the tree's lists rather than a resource. */
  public boolean isList(String uri) {
    return lists.containsKey(uri);
  }

  public ResourceList list(String uri) {
    return lists.get(uri);
  }

  /** The resources the list watches: every member that is no list, through every nested list, each once. */
  public Set<String> resources() {
    Map<String, List<String>> members = new LinkedHashMap<>();
    lists.forEach((uri, list) -> members.put(uri, list.getEntries().stream().map(ListEntry::getUri).toList()));
    return ListRules.expand(members, root);
  }
}
