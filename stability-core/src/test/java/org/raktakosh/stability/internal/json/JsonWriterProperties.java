package org.raktakosh.stability.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;

class JsonWriterProperties {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Property(tries = 500)
  void anyStringRoundTripsThroughARealParser(@ForAll String text) throws Exception {
    String json = JsonWriter.write(text);

    JsonNode parsed = MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8));

    assertThat(parsed.isTextual()).isTrue();
    assertThat(parsed.textValue()).isEqualTo(WellFormed.of(text));
  }

  @Property(tries = 300)
  void controlAndSeparatorCharactersAreEscaped(
      @ForAll @CharRange(from = '\u0000', to = '\u001f') @Chars({'\u2028', '\u2029', '"', '\\'})
          char c) {
    String json = JsonWriter.write(String.valueOf(c));

    assertThat(json.substring(1, json.length() - 1)).startsWith("\\");
  }

  @Property(tries = 200)
  void mapsOfStringsAndNumbersParseBackEqual(
      @ForAll Map<String, Integer> numbers, @ForAll List<String> words) throws Exception {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("numbers", numbers);
    document.put("words", words);
    document.put("flag", true);
    document.put("nothing", null);

    JsonNode parsed = MAPPER.readTree(JsonWriter.write(document));

    assertThat(parsed.get("numbers").size()).isEqualTo(numbers.size());
    numbers.forEach(
        (key, value) ->
            assertThat(parsed.get("numbers").get(WellFormed.of(key)).intValue()).isEqualTo(value));
    assertThat(parsed.get("words").size()).isEqualTo(words.size());
    for (int i = 0; i < words.size(); i++) {
      assertThat(parsed.get("words").get(i).textValue()).isEqualTo(WellFormed.of(words.get(i)));
    }
    assertThat(parsed.get("flag").booleanValue()).isTrue();
    assertThat(parsed.get("nothing").isNull()).isTrue();
  }

  @Property(tries = 50)
  void nonFiniteDoublesBecomeNull(@ForAll double value) throws Exception {
    JsonNode parsed = MAPPER.readTree(JsonWriter.write(Map.of("v", value)));

    if (Double.isFinite(value)) {
      assertThat(parsed.get("v").doubleValue()).isEqualTo(value);
    } else {
      assertThat(parsed.get("v").isNull()).isTrue();
    }
  }
}
