package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Whatever an exception says and whatever id a client sends, the answer is valid JSON with no raw
 * control character, and in production mode it never repeats the exception's message.
 */
class ErrorRecoveryProperties {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARKER = "SECRET-";

  @Property(tries = 300)
  void problemBodyIsValidJsonAndNeverCarriesTheMessage(
      @ForAll String message, @ForAll String inboundId) throws Exception {
    FakeHttp http = new FakeHttp();
    http.requestHeaders.put(RequestIdFilter.DEFAULT_HEADER, inboundId);
    RequestIdFilter requestIds = new RequestIdFilter();
    ErrorRecoveryFilter errors = new ErrorRecoveryFilter();

    requestIds.doFilter(
        http.request,
        http.response,
        (request, response) ->
            errors.doFilter(
                request,
                response,
                (req, res) -> {
                  throw new IllegalStateException(MARKER + message);
                }));

    String body = http.body();
    JsonNode parsed = JSON.readTree(body);
    assertThat(parsed.get("status").asInt()).isEqualTo(500).isEqualTo(http.status);
    assertThat(body.chars()).noneMatch(c -> c < 0x20);
    assertThat(body).doesNotContain(MARKER);
    String id = parsed.get("requestId").asText();
    assertThat(id).isEqualTo(http.responseHeaders.get(RequestIdFilter.DEFAULT_HEADER));
    assertThat(id).hasSizeBetween(1, RequestIdFilter.MAX_LENGTH);
    assertThat(id.chars()).allMatch(c -> c >= 0x21 && c <= 0x7e);
  }

  @Property(tries = 300)
  void developmentModeBodyIsValidJsonWhateverTheMessage(@ForAll String message) throws Exception {
    FakeHttp http = new FakeHttp();
    ErrorRecoveryFilter errors =
        new ErrorRecoveryFilter(ErrorRecoveryConfig.custom().includeDetails(true).build());

    errors.doFilter(
        http.request,
        http.response,
        (req, res) -> {
          throw new IllegalStateException(message);
        });

    String body = http.body();
    assertThat(body.chars()).noneMatch(c -> c < 0x20);
    assertThat(JSON.readTree(body).get("status").asInt()).isEqualTo(500);
  }

  @Property(tries = 500)
  void onlyVisibleAsciiIdsUpToTheLimitAreKept(@ForAll String inbound) {
    boolean safe = RequestIdFilter.isSafe(inbound);

    boolean expected =
        !inbound.isEmpty()
            && inbound.length() <= RequestIdFilter.MAX_LENGTH
            && inbound.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    assertThat(safe).isEqualTo(expected);
  }
}
