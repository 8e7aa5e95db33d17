package dev.herald.packages.rls;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The body of a resource list NOTIFY (RFC 4662 §5): the RLMI document, then the state of each instance it names. */
public final class RlmiBody {

  private RlmiBody() {}

  /**
   * {@code list}'s RLMI as the root part with Content-ID {@code rlmiCid}, then {@code states}. Every
   * cid in the RLMI must have its part and every part its cid (RFC 4662 §5.5).
   */
  public static MultipartRelated.Body write(RlmiList list, String rlmiCid, List<MultipartRelated.Part> states) {
    Set<String> named = new HashSet<>(list.cids());
    Set<String> given = states.stream().map(MultipartRelated.Part::cid).collect(Collectors.toSet());
    if (!named.equals(given)) {
      Set<String> unpartnered = new HashSet<>(named);
      unpartnered.removeAll(given);
      Set<String> unnamed = new HashSet<>(given);
      unnamed.removeAll(named);
      throw new IllegalArgumentException(
          "cids without a part: " + unpartnered + "; parts the RLMI does not name: " + unnamed);
    }
    MultipartRelated.Part root = new MultipartRelated.Part(rlmiCid, RlmiDocument.CONTENT_TYPE, RlmiDocument.write(list));
    return MultipartRelated.write(root, states);
  }
}
