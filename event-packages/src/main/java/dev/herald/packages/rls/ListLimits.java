package dev.herald.packages.rls;

/**
 * How far lists may nest and how many members one may have after expansion, its sub-lists'
 * members included.
 *
 * @param maxDepth lists on the longest path down from a list, the list itself counted
 * @param maxMembers distinct resources a list expands to
 */
public record ListLimits(int maxDepth, int maxMembers) {

  public static final int DEFAULT_MAX_DEPTH = 4;
  public static final int DEFAULT_MAX_MEMBERS = 1_000;

  public ListLimits {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("the list depth limit must be at least 1, not " + maxDepth);
    }
    if (maxMembers < 1) {
      throw new IllegalArgumentException("the list member limit must be at least 1, not " + maxMembers);
    }
  }

  public static ListLimits defaults() {
    return new ListLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_MEMBERS);
  }
}
