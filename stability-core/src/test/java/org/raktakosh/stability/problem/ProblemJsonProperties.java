package org.raktakosh.stability.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ProblemJsonProperties {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Problem problem(
      int status, String detail, String title, String instance, String value) {
    return Problem.builder(status)
        .title(title)
        .detail(detail)
        .instance(instance)
        .extension("requestId", value)
        .build();
  }

  @Property(tries = 300)
  void anyStringsGiveJsonThatARealParserReadsBack(
      @ForAll @IntRange(min = 100, max = 599) int status,
      @ForAll String detail,
      @ForAll String title,
      @ForAll String instance,
      @ForAll String value)
      throws Exception {
    String json = problem(status, detail, title, instance, value).toJson();

    JsonNode parsed = MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8));

    assertThat(parsed.get("type").textValue()).isEqualTo(Problem.ABOUT_BLANK);
    assertThat(parsed.get("status").isInt()).isTrue();
    assertThat(parsed.get("status").intValue()).isEqualTo(status);
    assertThat(parsed.get("detail").textValue()).isEqualTo(wellFormed(detail));
    assertThat(parsed.get("title").textValue()).isEqualTo(wellFormed(title));
    assertThat(parsed.get("instance").textValue()).isEqualTo(wellFormed(instance));
    assertThat(parsed.get("requestId").textValue()).isEqualTo(wellFormed(value));
  }

  @Property(tries = 300)
  void jsonNeverHoldsARawControlCharacter(
      @ForAll @IntRange(min = 100, max = 599) int status,
      @ForAll String detail,
      @ForAll String title,
      @ForAll String instance,
      @ForAll String value) {
    String json = problem(status, detail, title, instance, value).toJson();

    assertThat(json.chars()).noneMatch(c -> c < 0x20);
  }

  @Property(tries = 300)
  void statusAloneGivesTypeTitleAndStatus(@ForAll @IntRange(min = 100, max = 599) int status)
      throws Exception {
    JsonNode parsed = MAPPER.readTree(Problem.of(status).toJson());

    assertThat(parsed.size()).isEqualTo(3);
    assertThat(parsed.get("status").intValue()).isEqualTo(status);
    assertThat(parsed.get("title").textValue()).isNotBlank();
  }

  /** What the writer promises for any input: lone surrogates replaced by U+FFFD. */
  private static String wellFormed(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
