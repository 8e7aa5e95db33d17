package dev.herald.edge.auth;

/**
 * The parameters of one {@code Authorization: Digest} header (RFC 3261 §22.4, RFC 7616 §3.4);
 * absent ones are null.
 */
public record DigestCredentials(
    String username, String realm, String nonce, String uri, String response, String algorithm,
    String cnonce, String nc, String qop) {}
