package org.raktakosh.stability.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  enum Color {
    RED
  }

  @Test
  void writesEveryKindOfValue() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("s", "a\"b\\c\n");
    document.put("i", 42);
    document.put("d", 1.5);
    document.put("nan", Double.NaN);
    document.put("b", false);
    document.put("n", null);
    document.put("list", List.of(1, "x"));
    document.put("array", new Object[] {"y"});
    document.put("opt", Optional.empty());
    document.put("optSome", Optional.of("z"));
    document.put("when", Instant.parse("2026-11-28T10:00:00Z"));
    document.put("took", Duration.ofSeconds(3));
    document.put("enum", Color.RED);
    document.put("other", new StringBuilder("sb"));

    assertThat(JsonWriter.write(document))
        .isEqualTo(
            "{\"s\":\"a\\\"b\\\\c\\n\",\"i\":42,\"d\":1.5,\"nan\":null,\"b\":false,\"n\":null,"
                + "\"list\":[1,\"x\"],\"array\":[\"y\"],\"opt\":null,\"optSome\":\"z\","
                + "\"when\":\"2026-11-28T10:00:00Z\",\"took\":\"PT3S\",\"enum\":\"RED\","
                + "\"other\":\"sb\"}");
  }

  @Test
  void escapesControlCharactersAsUnicode() {
    assertThat(JsonWriter.write("\u0001\u2028\t\r\b\f"))
        .isEqualTo("\"\\u0001\\u2028\\t\\r\\b\\f\"");
  }

  @Test
  void replacesLoneSurrogates() {
    assertThat(JsonWriter.write("a\ud800b\udc00")).isEqualTo("\"a\uFFFDb\uFFFD\"");
    assertThat(JsonWriter.write("\ud83d\ude00")).isEqualTo("\"\ud83d\ude00\"");
  }

  @Test
  void writesObjectsOfOtherTypesByToString() {
    Object custom =
        new Object() {
          @Override
          public String toString() {
            return "custom";
          }
        };
    assertThat(JsonWriter.write(custom)).isEqualTo("\"custom\"");
  }
}
