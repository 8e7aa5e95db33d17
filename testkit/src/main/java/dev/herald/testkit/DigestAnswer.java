package dev.herald.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;

/**
 * A phone's answer to a digest challenge (RFC 3261 §22.2, RFC 8760), computed here on its own so
 * a test checks Herald against an independent implementation: qop auth, nc 00000001.
 */
public final class DigestAnswer {

  private DigestAnswer() {}

  /** {@code request} again with a fresh Via and the next CSeq, carrying the Authorization for {@code challenge}. */
  public static Request retry(SipTestAgent agent, Request request, WWWAuthenticateHeader challenge, String user,
      String password) throws Exception {
    Request retry = (Request) request.clone();
    retry.removeHeader("Via");
    retry.addHeader(agent.headers.createViaHeader("127.0.0.1", agent.port(), agent.transport(), null));
    retry.setHeader(agent.headers.createCSeqHeader(
        ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber() + 1, request.getMethod()));
    String algorithm = challenge.getAlgorithm() == null ? "MD5" : challenge.getAlgorithm();
    String uri = request.getRequestURI().toString();
    String cnonce = Long.toHexString(System.nanoTime());
    String nc = "00000001";
    String ha1 = hash(algorithm, user + ":" + challenge.getRealm() + ":" + password);
    String ha2 = hash(algorithm, request.getMethod() + ":" + uri);
    AuthorizationHeader authorization = agent.headers.createAuthorizationHeader("Digest");
    authorization.setUsername(user);
    authorization.setRealm(challenge.getRealm());
    authorization.setNonce(challenge.getNonce());
    authorization.setURI(request.getRequestURI());
    authorization.setAlgorithm(algorithm);
    authorization.setQop("auth");
    authorization.setCNonce(cnonce);
    authorization.setParameter("nc", nc);
    authorization.setResponse(hash(algorithm,
        ha1 + ":" + challenge.getNonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2));
    retry.setHeader(authorization);
    return retry;
  }

  private static String hash(String algorithm, String text) throws NoSuchAlgorithmException {
    String jdkName = algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
    return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
