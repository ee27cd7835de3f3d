package org.raktakosh.stability.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.raktakosh.stability.internal.json.WellFormed;

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
    assertThat(parsed.get("detail").textValue()).isEqualTo(WellFormed.of(detail));
    assertThat(parsed.get("title").textValue()).isEqualTo(WellFormed.of(title));
    assertThat(parsed.get("instance").textValue()).isEqualTo(WellFormed.of(instance));
    assertThat(parsed.get("requestId").textValue()).isEqualTo(WellFormed.of(value));
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
}
