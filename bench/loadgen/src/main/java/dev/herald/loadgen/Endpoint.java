package dev.herald.loadgen;

/** A host and UDP port, written {@code host:port} or {@code [v6-address]:port}; port 0 means any free one. */
record Endpoint(String host, int port) {

  Endpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host missing");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of 0..65535: " + port);
    }
  }

  /** Parses {@code host:port}, {@code [v6]:port}, or a host alone, which gets {@code defaultPort}. */
  static Endpoint parse(String text, int defaultPort) {
    String value = text.strip();
    String host = value;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("no ']' in " + text);
      }
      host = value.substring(1, close);
      if (close + 1 < value.length()) {
        if (value.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("expected ':' after ']' in " + text);
        }
        port = value.substring(close + 2);
      }
    } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
      host = value.substring(0, value.indexOf(':'));
      port = value.substring(value.indexOf(':') + 1);
    }
    try {
      return new Endpoint(host, port == null ? defaultPort : Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port in " + text);
    }
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
