package dev.herald.packages.rls;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules across lists, checked when one is put or changed. A member whose URI is a list is a
 * nested list (RFC 4662 §4: list subscriptions nest arbitrarily, so a list expands into its members' resources).
 * Refused: a list reaching itself through its members, and any list, the changed one or one that
 * reaches it, nesting deeper or expanding to more resources than the {@link ListLimits} allow.
 */
public final class ListRules {

  private ListRules() {}

  /**
   * Why {@code uri} may not hold {@code members}, given the lists {@code known} (list URI to member
   * URIs, the old version of {@code uri} among them or not); empty if it may.
   */
  public static Optional<String> check(Map<String, List<String>> known, String uri, List<String> members,
      ListLimits limits) {
    Map<String, List<String>> lists = new HashMap<>(known);
    lists.put(uri, List.copyOf(members));
    Optional<List<String>> loop = loopFrom(lists, uri);
    if (loop.isPresent()) {
      return Optional.of("a list may not contain itself: " + String.join(" -> ", loop.get()));
    }
    for (String list : reaching(lists, uri)) {
      List<String> deepest = deepestPath(lists, list);
      if (deepest.size() > limits.maxDepth()) {
        return Optional.of(list + " would nest lists " + deepest.size() + " deep (" + String.join(" -> ", deepest)
            + "), at most " + limits.maxDepth());
      }
      int resources = expand(lists, list).size();
      if (resources > limits.maxMembers()) {
        return Optional.of(list + " would have " + resources + " members after expansion, at most "
            + limits.maxMembers());
      }
    }
    return Optional.empty();
  }

  /** The resources {@code list} expands to: its members that are no list, and those of its sub-lists. */
  public static Set<String> expand(Map<String, List<String>> lists, String list) {
    Set<String> resources = new LinkedHashSet<>();
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(list));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (!seen.add(next)) {
        continue;
      }
      for (String member : lists.getOrDefault(next, List.of())) {
        if (lists.containsKey(member)) {
          todo.push(member);
        } else {
          resources.add(member);
        }
      }
    }
    return resources;
  }

  /** A path from {@code start} back to a list already on it, if its members lead round. */
  private static Optional<List<String>> loopFrom(Map<String, List<String>> lists, String start) {
    List<String> path = new ArrayList<>();
    return walk(lists, start, path, new HashSet<>(), new HashSet<>());
  }

  private static Optional<List<String>> walk(Map<String, List<String>> lists, String list, List<String> path,
      Set<String> onPath, Set<String> done) {
    if (onPath.contains(list)) {
      List<String> loop = new ArrayList<>(path.subList(path.indexOf(list), path.size()));
      loop.add(list);
      return Optional.of(loop);
    }
    if (!done.add(list)) {
      return Optional.empty();
    }
    path.add(list);
    onPath.add(list);
    for (String member : lists.get(list)) {
      if (lists.containsKey(member)) {
        Optional<List<String>> loop = walk(lists, member, path, onPath, done);
        if (loop.isPresent()) {
          return loop;
        }
      }
    }
    path.remove(path.size() - 1);
    onPath.remove(list);
    return Optional.empty();
  }

  /** {@code list} and every list whose members lead to it. */
  /** {@code list} and every list among {@code lists} that reaches it through its members. */
  public static Set<String> reaching(Map<String, List<String>> lists, String list) {
    Map<String, List<String>> parents = new HashMap<>();
    lists.forEach((parent, members) -> members.stream().filter(lists::containsKey)
        .forEach(member -> parents.computeIfAbsent(member, m -> new ArrayList<>()).add(parent)));
    Set<String> reaching = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(list));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (reaching.add(next)) {
        todo.addAll(parents.getOrDefault(next, List.of()));
      }
    }
    return reaching;
  }

  /** The longest chain of lists down from {@code list}, itself first. */
  private static List<String> deepestPath(Map<String, List<String>> lists, String list) {
    return deepestPath(lists, list, new HashMap<>());
  }

  private static List<String> deepestPath(Map<String, List<String>> lists, String list,
      Map<String, List<String>> known) {
    List<String> memo = known.get(list);
    if (memo != null) {
      return memo;
    }
    known.put(list, List.of(list)); // a loop elsewhere ends here instead of recursing for ever
    List<String> deepest = List.of();
    for (String member : lists.get(list)) {
      if (lists.containsKey(member)) {
        List<String> below = deepestPath(lists, member, known);
        if (below.size() > deepest.size()) {
          deepest = below;
        }
      }
    }
    List<String> path = new ArrayList<>(deepest.size() + 1);
    path.add(list);
    path.addAll(deepest);
    known.put(list, List.copyOf(path));
    return path;
  }
}
