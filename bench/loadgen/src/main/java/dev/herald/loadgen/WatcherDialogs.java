package dev.herald.loadgen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The watcher dialogs of a run, index {@code w} watching presentity {@code w / perPresentity},
 * each a {@link WatcherDialog} or a mode's extension of it; how many have settled, and the
 * shortest subscription duration a 2xx granted. Not thread-safe.
 */
final class WatcherDialogs<D extends WatcherDialog> {

  /** Makes dialog {@code index} of {@code presentity}, which calls {@code onSettled} once it settles. */
  interface Factory<D> {
    D create(int index, int presentity, Runnable onSettled);
  }

  private final List<D> dialogs;
  private final int perPresentity;
  private int settled;
  private long minGrantedExpires = Long.MAX_VALUE;

  WatcherDialogs(int count, int perPresentity, Factory<D> factory) {
    List<D> all = new ArrayList<>(count);
    Runnable onSettled = () -> settled++;
    for (int w = 0; w < count; w++) {
      all.add(factory.create(w, w / perPresentity, onSettled));
    }
    this.dialogs = Collections.unmodifiableList(all);
    this.perPresentity = perPresentity;
  }

  D get(int w) {
    return dialogs.get(w);
  }

  /** Every dialog, by index. */
  List<D> all() {
    return dialogs;
  }

  /** The dialogs watching {@code presentity}. */
  List<D> watching(int presentity) {
    return dialogs.subList(presentity * perPresentity, (presentity + 1) * perPresentity);
  }

  int settled() {
    return settled;
  }

  /** Notes the subscription duration a SUBSCRIBE's 2xx granted, when it names one. */
  void granted(SipMessage response) {
    if (response.expires >= 0) {
      minGrantedExpires = Math.min(minGrantedExpires, response.expires);
    }
  }

  /** The shortest subscription duration granted, in seconds; -1 when no 2xx named one. */
  long minGrantedExpires() {
    return minGrantedExpires == Long.MAX_VALUE ? -1 : minGrantedExpires;
  }

  /**
   * The dialog a NOTIFY belongs to, or null when it is none of this run's (RFC 6665 §4.1.3: answer
   * 481). The first NOTIFY may overtake the SUBSCRIBE's 2xx (RFC 6665 §4.1.2.4); it sets the
   * remote tag then.
   */
  D of(SipRequests requests, SipMessage notify) {
    int w = requests.dialogOf(notify, 'w');
    if (w < 0 || w >= dialogs.size()) {
      return null;
    }
    D dialog = dialogs.get(w);
    return dialog.matches(notify) ? dialog : null;
  }
}
