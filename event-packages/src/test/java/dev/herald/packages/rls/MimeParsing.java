package dev.herald.packages.rls;

import dev.herald.testkit.ListNotify;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;

/** Reads bodies back with Apache mime4j, a MIME parser that shares no code with the writer. */
final class MimeParsing {

  private MimeParsing() {}

  /** {@code body} as a message whose Content-Type header is {@code contentType}, parsed strictly. */
  static Message parse(String contentType, byte[] body) {
    return ListNotify.mime(contentType, body);
  }

  static ContentTypeField contentType(Entity entity) {
    return (ContentTypeField) entity.getHeader().getField("Content-Type");
  }

  static Multipart multipart(Entity entity) {
    return (Multipart) entity.getBody();
  }

  static String field(Entity entity, String name) {
    return entity.getHeader().getField(name).getBody();
  }

  static byte[] bytes(Entity entity) {
    try (InputStream in = ((SingleBody) entity.getBody()).getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
