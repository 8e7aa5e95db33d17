package dev.herald.loadgen;

/**
 * What a transaction of the latency or faults mode sends, and how its request is written from
 * the transaction: {@code ref} a watcher dialog (the SUBSCRIBEs) or a presentity (the
 * PUBLISHes), {@code seq} the CSeq or the marker, {@code extra} the entity-tag a PUBLISH names
 * in SIP-If-Match. The faults report counts requests by kind under {@link #reportName}, in this
 * order.
 */
enum RequestKind {
  /** A new dialog's SUBSCRIBE. */
  SUBSCRIBE("subscribe"),
  /** A refresh in the dialog (or a kept dialog taken over). */
  RESUBSCRIBE("resubscribe"),
  /** An initial PUBLISH with a marker. */
  PUBLISH("publish"),
  /** A PUBLISH with a marker modifying the publication by its entity-tag. */
  MODIFY("publishModify"),
  /** The dialog's end: a SUBSCRIBE in it with Expires 0. */
  UNSUBSCRIBE("unsubscribe"),
  /** The publication's removal: a PUBLISH with Expires 0 and no body. */
  REMOVE("remove");

  private static final RequestKind[] ALL = values();

  final String reportName;

  RequestKind(String reportName) {
    this.reportName = reportName;
  }

  /** The kind of the transaction in {@code slot}. */
  static RequestKind of(Transactions transactions, int slot) {
    return ALL[transactions.kind(slot)];
  }

  /** The kind of a PUBLISH with a marker: initial without an entity-tag, else modifying. */
  static RequestKind publish(String ifMatch) {
    return ifMatch == null ? PUBLISH : MODIFY;
  }

  /** The report names of every kind, in order. */
  static String[] reportNames() {
    String[] names = new String[ALL.length];
    for (RequestKind kind : ALL) {
      names[kind.ordinal()] = kind.reportName;
    }
    return names;
  }

  /** Whether the transaction's {@code ref} is a watcher dialog rather than a presentity. */
  boolean ofDialog() {
    return this == SUBSCRIBE || this == RESUBSCRIBE || this == UNSUBSCRIBE;
  }

  /** Writes the request of the transaction in {@code slot}, for its first sending or a retransmission. */
  void write(Transactions transactions, int slot, SipWriter out, SipRequests requests, WatcherDialogs<?> dialogs,
      int expires) {
    long number = transactions.number(slot);
    int ref = transactions.ref(slot);
    long seq = transactions.seq(slot);
    String ifMatch = (String) transactions.extra(slot);
    switch (this) {
      case SUBSCRIBE -> dialogs.get(ref).writeSubscribe(requests, out, number, seq, expires, false);
      case RESUBSCRIBE -> dialogs.get(ref).writeSubscribe(requests, out, number, seq, expires, true);
      case UNSUBSCRIBE -> dialogs.get(ref).writeSubscribe(requests, out, number, seq, 0, true);
      case PUBLISH, MODIFY -> requests.publish(out, number, seq, ref, expires, ifMatch, seq);
      case REMOVE -> requests.publish(out, number, seq, ref, 0, ifMatch, -1);
      default -> throw new IllegalStateException("kind " + this);
    }
  }
}
