package dev.herald.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

  private static boolean compatible(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibilityType.COMPATIBLE;
  }

  private static boolean fullyCompatible(Schema older, Schema newer) {
    return compatible(newer, older) && compatible(older, newer);
  }

  @Test
  void everyTopicValueSchemaHasAHistory() {
    List<String> valueSchemas = Topics.ALL.stream()
        .filter(topic -> topic.valueSerde() instanceof AvroSerde<?>)
        .map(topic -> ((AvroSerde<?>) topic.valueSerde()).schema().getFullName())
        .distinct().toList();
    assertThat(SchemaHistory.index().keySet()).containsAll(valueSchemas);
  }

  @Test
  void currentSchemasAreBackwardAndForwardCompatibleWithTheLastReleasedVersion() {
    SchemaHistory.index().forEach((name, files) -> {
      List<Schema> versions = SchemaHistory.versionsOf(name);
      Schema current = SpecificData.get().getSchema(classOf(name));
      Schema lastReleased = versions.get(versions.size() - 1);
      assertThat(fullyCompatible(lastReleased, current))
          .as("%s must stay backward and forward compatible with %s", name, files.get(files.size() - 1))
          .isTrue();
    });
  }

  @Test
  void everyReleasedVersionIsCompatibleWithTheOneBefore() {
    SchemaHistory.index().forEach((name, files) -> {
      List<Schema> versions = SchemaHistory.versionsOf(name);
      for (int i = 1; i < versions.size(); i++) {
        assertThat(fullyCompatible(versions.get(i - 1), versions.get(i)))
            .as("%s %s against %s", name, files.get(i), files.get(i - 1)).isTrue();
      }
    });
  }

  @Test
  void aFieldAddedWithoutDefaultOrARemovedRequiredFieldIsCaught() {
    Schema v1 = new Schema.Parser().parse("""
        {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");
    Schema addedWithoutDefault = new Schema.Parser().parse("""
        {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int"}]}""");
    Schema addedWithDefault = new Schema.Parser().parse("""
        {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int","default":0}]}""");
    Schema removedRequired = new Schema.Parser().parse("""
        {"type":"record","name":"R","fields":[]}""");

    assertThat(fullyCompatible(v1, addedWithoutDefault)).isFalse();
    assertThat(fullyCompatible(v1, removedRequired)).isFalse();
    assertThat(fullyCompatible(v1, addedWithDefault)).isTrue();
  }

  private static Class<?> classOf(String fullName) {
    try {
      return Class.forName(fullName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("history for a schema with no generated class: " + fullName, e);
    }
  }
}
