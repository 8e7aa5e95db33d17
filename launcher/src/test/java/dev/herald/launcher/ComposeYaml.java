package dev.herald.launcher;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compose file as {@code docker compose} sees it: YAML with its anchors, aliases and merge keys
 * ({@code <<: *name}) resolved, then {@code ${VAR:-default}} interpolated from a given environment.
 * Jackson's tree model keeps an alias as the anchor's name, so the tree is built here from the
 * parser's events.
 */
final class ComposeYaml {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String MERGE_KEY = "<<";
  /** {@code $$}, {@code ${NAME}}, {@code ${NAME:-default}} and {@code ${NAME-default}}. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)-([^}]*))?}");

  private final Map<String, JsonNode> anchors = new HashMap<>();

  private ComposeYaml() {}

  /** The file's tree, interpolated as compose would with {@code environment} as its variables. */
  static JsonNode read(Path file, Map<String, String> environment) {
    try (YAMLParser parser = new YAMLFactory().createParser(Files.readString(file))) {
      if (parser.nextToken() == null) {
        throw new IllegalArgumentException(file + " is empty");
      }
      return interpolate(new ComposeYaml().node(parser), environment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode node(YAMLParser parser) throws IOException {
    if (parser.isCurrentAlias()) {
      JsonNode target = anchors.get(parser.getText());
      if (target == null) {
        throw new IllegalArgumentException("alias *" + parser.getText() + " names no anchor before it");
      }
      return target;
    }
    String anchor = parser.getObjectId() == null ? null : parser.getObjectId().toString();
    JsonNode node = switch (parser.currentToken()) {
      case START_OBJECT -> mapping(parser);
      case START_ARRAY -> sequence(parser);
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
      case VALUE_NULL -> NODES.nullNode();
      default -> throw new IllegalArgumentException("unexpected " + parser.currentToken());
    };
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  /** A mapping; keys written in it win over those its merge keys bring in (YAML merge key type). */
  private ObjectNode mapping(YAMLParser parser) throws IOException {
    ObjectNode own = NODES.objectNode();
    List<JsonNode> merged = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_OBJECT) {
      String key = parser.currentName();
      parser.nextToken();
      JsonNode value = node(parser);
      if (key.equals(MERGE_KEY)) {
        merged.add(value);
      } else {
        own.set(key, value);
      }
    }
    ObjectNode result = NODES.objectNode();
    for (JsonNode source : merged) {
      for (JsonNode map : source.isArray() ? source : List.of(source)) {
        map.properties().forEach(field -> {
          if (!result.has(field.getKey())) {
            result.set(field.getKey(), field.getValue());
          }
        });
      }
    }
    result.setAll(own);
    return result;
  }

  private ArrayNode sequence(YAMLParser parser) throws IOException {
    ArrayNode array = NODES.arrayNode();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      array.add(node(parser));
    }
    return array;
  }

  private static JsonNode interpolate(JsonNode node, Map<String, String> environment) {
    if (node.isTextual()) {
      return new TextNode(interpolate(node.asText(), environment));
    }
    if (node.isObject()) {
      ObjectNode copy = NODES.objectNode();
      node.properties().forEach(field -> copy.set(field.getKey(), interpolate(field.getValue(), environment)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(item -> copy.add(interpolate(item, environment)));
      return copy;
    }
    return node;
  }

  static String interpolate(String text, Map<String, String> environment) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement;
      if (matcher.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = environment.get(matcher.group(1));
        boolean emptyCountsAsUnset = ":".equals(matcher.group(2));
        boolean unset = value == null || (emptyCountsAsUnset && value.isEmpty());
        if (unset && matcher.group(3) == null) {
          throw new IllegalArgumentException("${" + matcher.group(1) + "} has no default and is not set");
        }
        replacement = unset ? matcher.group(3) : value;
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
