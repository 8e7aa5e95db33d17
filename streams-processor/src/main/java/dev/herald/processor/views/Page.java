package dev.herald.processor.views;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One page of a listing, in the order of its items' cursors: at most {@code limit} items after the
 * cursor asked for, and the cursor to ask for the next page with ({@code ?after=}), null on the last.
 *
 * @param items the items of this page
 * @param next the cursor of this page's last item when more follow, else null
 */
public record Page<T>(List<T> items, String next) {

  /** Items of a page when none is asked for. */
  public static final int DEFAULT_LIMIT = 100;
  /** The most items a page holds. */
  public static final int MAX_LIMIT = 1000;

  public Page {
    items = List.copyOf(items);
  }

  /**
   * What a listing asks for: at most {@code limit} items whose cursor sorts after {@code after}
   * (null: from the first).
   */
  public record Request(int limit, String after) {
    public Request {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
      }
    }

    public static final Request FIRST = new Request(DEFAULT_LIMIT, null);

    /** The request of the query parameters {@code limit} and {@code after}, either absent. */
    public static Request of(String limit, String after) {
      int parsed;
      try {
        parsed = limit == null || limit.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(limit.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("limit must be a number 1.." + MAX_LIMIT + ", was '" + limit + "'");
      }
      return new Request(parsed, after == null || after.isEmpty() ? null : after);
    }

    boolean admits(String cursor) {
      return after == null || cursor.compareTo(after) > 0;
    }
  }

  /** The page {@code request} asks for of {@code all}, in any order; {@code cursor} names an item's place. */
  public static <T> Page<T> of(Iterable<T> all, Function<T, String> cursor, Request request) {
    Objects.requireNonNull(request, "request");
    List<T> after = new ArrayList<>();
    for (T item : all) {
      if (request.admits(cursor.apply(item))) {
        after.add(item);
      }
    }
    after.sort(Comparator.comparing(cursor));
    if (after.size() <= request.limit()) {
      return new Page<>(after, null);
    }
    List<T> items = after.subList(0, request.limit());
    return new Page<>(items, cursor.apply(items.get(items.size() - 1)));
  }

  /**
   * The page {@code request} asks for of the items of several pages, each answered to the same
   * request by a part of the whole (a processor instance). Each item of the whole's page is among
   * the first {@code limit} of its own part, so the union of the parts' pages holds them all.
   */
  public static <T> Page<T> merge(List<Page<T>> parts, Function<T, String> cursor, Request request) {
    List<T> all = new ArrayList<>();
    boolean more = false;
    for (Page<T> part : parts) {
      all.addAll(part.items());
      more |= part.next() != null;
    }
    Page<T> merged = of(all, cursor, request);
    if (merged.next() == null && more && !merged.items().isEmpty()) {
      return new Page<>(merged.items(), cursor.apply(merged.items().get(merged.items().size() - 1)));
    }
    return merged;
  }
}
