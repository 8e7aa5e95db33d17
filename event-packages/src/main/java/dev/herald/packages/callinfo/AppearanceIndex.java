package dev.herald.packages.callinfo;

/** An appearance-index: one appearance of the line, or {@code *} for all of them. */
public sealed interface AppearanceIndex {

  /** {@code appearance-index=*}. */
  AppearanceIndex ALL = new All();

  /** One appearance, numbered from 0. */
  record Numbered(int value) implements AppearanceIndex {

    public Numbered {
      if (value < 0) {
        throw new IllegalArgumentException("appearance-index below 0: " + value);
      }
    }

    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  /** Every appearance of the line. */
  record All() implements AppearanceIndex {

    @Override
    public String toString() {
      return "*";
    }
  }
}
