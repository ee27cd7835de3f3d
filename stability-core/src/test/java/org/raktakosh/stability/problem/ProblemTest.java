package org.raktakosh.stability.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProblemTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode parse(Problem problem) throws Exception {
    return MAPPER.readTree(problem.toJson());
  }

  private static List<String> memberNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // Defaults

  @Test
  void typeDefaultsToAboutBlank() {
    assertThat(Problem.of(404).type()).isEqualTo(Problem.ABOUT_BLANK).isEqualTo("about:blank");
  }

  @Test
  void titleDefaultsToTheReasonPhraseForAboutBlank() {
    assertThat(Problem.of(404).title()).contains("Not Found");
  }

  @Test
  void titleHasNoDefaultForACustomType() {
    Problem problem = Problem.builder(409).type("https://example.org/problems/stale").build();

    assertThat(problem.title()).isEmpty();
  }

  @Test
  void explicitTitleOverridesTheReasonPhrase() {
    assertThat(Problem.builder(404).title("No such donor").build().title())
        .contains("No such donor");
  }

  @Test
  void nullTitleRestoresTheReasonPhrase() {
    assertThat(Problem.builder(404).title("x").title(null).build().title()).contains("Not Found");
  }

  @Test
  void detailInstanceAndExtensionsAreAbsentByDefault() {
    Problem problem = Problem.of(500);

    assertThat(problem.detail()).isEmpty();
    assertThat(problem.instance()).isEmpty();
    assertThat(problem.extensions()).isEmpty();
  }

  @Test
  void unknownClientErrorStatusFallsBackToClientError() {
    assertThat(Problem.of(499).title()).contains("Client Error");
  }

  @Test
  void unknownServerErrorStatusFallsBackToServerError() {
    assertThat(Problem.of(599).title()).contains("Server Error");
  }

  @Test
  void knownStatusOutsideTheErrorRangeKeepsItsPhrase() {
    assertThat(Problem.of(200).title()).contains("OK");
  }

  // Status bounds

  @Test
  void status99IsRejected() {
    assertThatThrownBy(() -> Problem.builder(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99");
  }

  @Test
  void status100IsAccepted() {
    assertThat(Problem.of(100).status()).isEqualTo(100);
  }

  @Test
  void status599IsAccepted() {
    assertThat(Problem.of(599).status()).isEqualTo(599);
  }

  @Test
  void status600IsRejected() {
    assertThatThrownBy(() -> Problem.builder(600))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("600");
  }

  // Type validation

  @Test
  void nullTypeMeansAboutBlank() {
    assertThat(Problem.builder(400).type(null).build().type()).isEqualTo(Problem.ABOUT_BLANK);
  }

  @Test
  void emptyTypeMeansAboutBlank() {
    assertThat(Problem.builder(400).type("").build().type()).isEqualTo(Problem.ABOUT_BLANK);
  }

  @Test
  void blankTypeMeansAboutBlank() {
    assertThat(Problem.builder(400).type(" \t ").build().type()).isEqualTo(Problem.ABOUT_BLANK);
  }

  @Test
  void blankTypeAfterACustomOneRestoresTheReasonPhraseTitle() {
    Problem problem = Problem.builder(400).type("https://example.org/p").type(" ").build();

    assertThat(problem.title()).contains("Bad Request");
  }

  @Test
  void absoluteUriTypeIsKept() {
    assertThat(Problem.builder(400).type("https://example.org/problems/x").build().type())
        .isEqualTo("https://example.org/problems/x");
  }

  @Test
  void relativeUriReferenceTypeIsKept() {
    assertThat(Problem.builder(400).type("/problems/x").build().type()).isEqualTo("/problems/x");
  }

  @Test
  void typeWithASpaceIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).type("https://example.org/a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeWithATabIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).type("https://example.org/a\tb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeWithANewlineIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).type("https://example.org/a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeWithANulIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).type("https://example.org/\u0000"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeWithDeleteIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).type("https://example.org/\u007f"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeWithAC1ControlCharacterIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).type("https://example.org/\u0085"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeWithANonBreakingSpaceIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).type("https://example.org/a\u00a0b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeWithALineSeparatorIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).type("https://example.org/a\u2028b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectedTypeLeavesTheBuilderUnchanged() {
    Problem.Builder builder = Problem.builder(400).type("https://example.org/ok");

    assertThatThrownBy(() -> builder.type("bad type")).isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.build().type()).isEqualTo("https://example.org/ok");
  }

  // Extension names (RFC 9457 section 3.2)

  @Test
  void threeLetterExtensionNameIsAccepted() {
    assertThat(Problem.builder(400).extension("abc", 1).build().extensions())
        .containsEntry("abc", 1);
  }

  @Test
  void twoLetterExtensionNameIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).extension("ab", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ab'");
  }

  @Test
  void extensionNameWithUnderscoreAndDigitIsAccepted() {
    assertThat(Problem.builder(400).extension("a_1", 1).build().extensions()).containsKey("a_1");
  }

  @Test
  void extensionNameStartingWithADigitIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).extension("1ab", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void extensionNameStartingWithAnUnderscoreIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).extension("_ab", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void extensionNameWithAHyphenIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).extension("request-id", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void extensionNameWithANonAsciiLetterIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).extension("caf\u00e9", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyExtensionNameIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).extension("", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullExtensionNameIsRejected() {
    assertThatThrownBy(() -> Problem.builder(400).extension(null, 1))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"type", "title", "status", "detail", "instance"})
  void standardMemberNameIsRejectedAsAnExtension(String name) {
    assertThatThrownBy(() -> Problem.builder(400).extension(name, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("standard");
  }

  @Test
  void extensionNamesAreCaseSensitiveSoCapitalisedStandardNamesAreExtensions() {
    assertThat(Problem.builder(400).extension("Status", 1).build().extensions())
        .containsKey("Status");
  }

  @Test
  void extensionsKeepInsertionOrder() {
    Problem problem =
        Problem.builder(400).extension("zeta", 1).extension("alpha", 2).extension("mid", 3).build();

    assertThat(problem.extensions().keySet()).containsExactly("zeta", "alpha", "mid");
  }

  @Test
  void repeatedExtensionNameReplacesTheValue() {
    Problem problem = Problem.builder(400).extension("abc", 1).extension("abc", 2).build();

    assertThat(problem.extensions()).containsExactly(Map.entry("abc", 2));
  }

  @Test
  void extensionsAreUnmodifiable() {
    Problem problem = Problem.builder(400).extension("abc", 1).build();

    assertThatThrownBy(() -> problem.extensions().put("def", 2))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builderChangesAfterBuildDoNotReachTheProblem() {
    Problem.Builder builder = Problem.builder(400).extension("abc", 1);
    Problem problem = builder.build();

    builder.extension("def", 2).detail("later");

    assertThat(problem.extensions()).containsOnlyKeys("abc");
    assertThat(problem.detail()).isEmpty();
  }

  // toJson

  @Test
  void jsonMembersComeInStandardOrderThenExtensions() throws Exception {
    Problem problem =
        Problem.builder(422)
            .extension("errors", List.of("a"))
            .instance("/donors/7")
            .detail("blood group missing")
            .title("Invalid donor")
            .type("https://example.org/problems/invalid-donor")
            .extension("requestId", "r-1")
            .build();

    assertThat(memberNames(parse(problem)))
        .containsExactly("type", "title", "status", "detail", "instance", "errors", "requestId");
  }

  @Test
  void jsonCarriesEveryMemberValue() throws Exception {
    Problem problem =
        Problem.builder(422)
            .type("https://example.org/problems/invalid-donor")
            .title("Invalid donor")
            .detail("blood group missing")
            .instance("/donors/7")
            .extension("requestId", "r-1")
            .extension("retryable", false)
            .extension("errors", List.of("bloodGroup"))
            .build();

    JsonNode json = parse(problem);

    assertThat(json.get("type").textValue())
        .isEqualTo("https://example.org/problems/invalid-donor");
    assertThat(json.get("title").textValue()).isEqualTo("Invalid donor");
    assertThat(json.get("status").isInt()).isTrue();
    assertThat(json.get("status").intValue()).isEqualTo(422);
    assertThat(json.get("detail").textValue()).isEqualTo("blood group missing");
    assertThat(json.get("instance").textValue()).isEqualTo("/donors/7");
    assertThat(json.get("requestId").textValue()).isEqualTo("r-1");
    assertThat(json.get("retryable").isBoolean()).isTrue();
    assertThat(json.get("retryable").booleanValue()).isFalse();
    assertThat(json.get("errors").get(0).textValue()).isEqualTo("bloodGroup");
  }

  @Test
  void minimalJsonHasTypeTitleAndStatusOnly() throws Exception {
    JsonNode json = parse(Problem.of(503));

    assertThat(memberNames(json)).containsExactly("type", "title", "status");
    assertThat(json.get("type").textValue()).isEqualTo("about:blank");
    assertThat(json.get("title").textValue()).isEqualTo("Service Unavailable");
    assertThat(json.get("status").intValue()).isEqualTo(503);
  }

  @Test
  void jsonOmitsTitleWhenACustomTypeHasNone() throws Exception {
    JsonNode json = parse(Problem.builder(409).type("https://example.org/p").build());

    assertThat(memberNames(json)).containsExactly("type", "status");
  }

  @Test
  void nullExtensionValueIsWrittenAsJsonNull() throws Exception {
    JsonNode json = parse(Problem.builder(400).extension("abc", null).build());

    assertThat(json.has("abc")).isTrue();
    assertThat(json.get("abc").isNull()).isTrue();
  }

  @Test
  void mediaTypeIsProblemJson() {
    assertThat(Problem.MEDIA_TYPE).isEqualTo("application/problem+json");
  }

  @Test
  void toStringShowsTheJson() {
    Problem problem = Problem.builder(404).detail("no donor 7").build();

    assertThat(problem.toString()).contains(problem.toJson());
  }

  // toBuilder

  @Test
  void toBuilderRoundTripsToAnEqualProblem() {
    Problem problem =
        Problem.builder(422)
            .type("https://example.org/p")
            .title("Invalid")
            .detail("d")
            .instance("/i")
            .extension("abc", 1)
            .extension("def", List.of("x"))
            .build();

    Problem copy = problem.toBuilder().build();

    assertThat(copy).isEqualTo(problem).isNotSameAs(problem);
    assertThat(copy.toJson()).isEqualTo(problem.toJson());
  }

  @Test
  void toBuilderRoundTripsAProblemWithOnlyDefaults() {
    Problem problem = Problem.of(404);

    assertThat(problem.toBuilder().build()).isEqualTo(problem);
  }

  @Test
  void toBuilderRoundTripsACustomTypeWithoutTitle() {
    Problem problem = Problem.builder(409).type("https://example.org/p").build();

    assertThat(problem.toBuilder().build().title()).isEmpty();
  }

  @Test
  void toBuilderChangesDoNotAffectTheOriginal() {
    Problem problem = Problem.builder(400).extension("abc", 1).build();

    Problem changed = problem.toBuilder().detail("more").extension("def", 2).build();

    assertThat(problem.detail()).isEmpty();
    assertThat(problem.extensions()).containsOnlyKeys("abc");
    assertThat(changed.detail()).contains("more");
    assertThat(changed.extensions()).containsOnlyKeys("abc", "def");
  }

  // equals and hashCode

  @Test
  void problemsWithTheSameMembersAreEqualWithEqualHashCodes() {
    Problem a = Problem.builder(400).detail("d").instance("/i").extension("abc", 1).build();
    Problem b = Problem.builder(400).detail("d").instance("/i").extension("abc", 1).build();

    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
  }

  @Test
  void defaultedTitleEqualsTheSameTitleGivenExplicitly() {
    assertThat(Problem.of(404)).isEqualTo(Problem.builder(404).title("Not Found").build());
  }

  @Test
  void problemsDifferingInStatusAreNotEqual() {
    assertThat(Problem.builder(400).title("t").build())
        .isNotEqualTo(Problem.builder(401).title("t").build());
  }

  @Test
  void problemsDifferingInTypeAreNotEqual() {
    assertThat(Problem.builder(400).type("https://example.org/a").build())
        .isNotEqualTo(Problem.builder(400).type("https://example.org/b").build());
  }

  @Test
  void problemsDifferingInTitleAreNotEqual() {
    assertThat(Problem.builder(400).title("a").build())
        .isNotEqualTo(Problem.builder(400).title("b").build());
  }

  @Test
  void problemsDifferingInDetailAreNotEqual() {
    assertThat(Problem.builder(400).detail("a").build()).isNotEqualTo(Problem.of(400));
  }

  @Test
  void problemsDifferingInInstanceAreNotEqual() {
    assertThat(Problem.builder(400).instance("/a").build()).isNotEqualTo(Problem.of(400));
  }

  @Test
  void problemsDifferingInExtensionsAreNotEqual() {
    assertThat(Problem.builder(400).extension("abc", 1).build())
        .isNotEqualTo(Problem.builder(400).extension("abc", 2).build());
  }

  @Test
  void problemIsNotEqualToNullOrAnotherType() {
    Problem problem = Problem.of(400);

    assertThat(problem).isNotEqualTo(null).isNotEqualTo(problem.toJson());
  }
}
