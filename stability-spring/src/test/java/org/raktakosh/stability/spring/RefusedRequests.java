package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests a container refuses before any filter runs, sent over a raw socket (an HTTP client would
 * not send them), and the problem JSON expected in answer.
 */
final class RefusedRequests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RefusedRequests() {}

  /**
   * What Tomcat 11 and Jetty 12 both refuse with the same status: description, request head (see
   * {@link #exchange}), status, title.
   */
  static Stream<Arguments> refusedByBoth() {
    return Stream.of(
        Arguments.of("an encoded slash in the path", "GET /api/a%2Fb HTTP/1.1", 400, "Bad Request"),
        Arguments.of(
            "a bad percent escape in the path", "GET /api/%zz HTTP/1.1", 400, "Bad Request"),
        Arguments.of("a path above the root", "GET /api/../../etc HTTP/1.1", 400, "Bad Request"),
        Arguments.of(
            "a character the request target may not hold",
            "GET /api/<x> HTTP/1.1",
            400,
            "Bad Request"),
        Arguments.of(
            "an unknown HTTP version", "GET /api HTTP/9.9", 505, "HTTP Version Not Supported"),
        Arguments.of(
            "a header name with a space", "GET /api HTTP/1.1{crlf}Bad Name: x", 400, "Bad Request"),
        // Jetty's own error page has a body only for GET, POST and HEAD.
        Arguments.of("a PUT with an encoded slash", "PUT /api/a%2Fb HTTP/1.1", 400, "Bad Request"),
        Arguments.of(
            "a DELETE with a bad percent escape", "DELETE /api/%zz HTTP/1.1", 400, "Bad Request"));
  }

  /**
   * Sends {@code head} (a request line and any header lines; {@code {crlf}} ends a line, {@code
   * {big}} is 20 000 characters) with {@code Host} and {@code Connection: close}; returns all the
   * server wrote.
   */
  static String exchange(int port, String head) throws IOException {
    return exchange(port, head, "");
  }

  /** As {@link #exchange(int, String)}, with {@code body} after the head. */
  static String exchange(int port, String head, String body) throws IOException {
    String request =
        head.replace("{crlf}", "\r\n").replace("{big}", "a".repeat(20_000))
            + "\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            + body;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** Asserts that {@code answer} is a problem of {@code status} and {@code title}, no path. */
  static void assertProblem(String answer, int status, String title) {
    assertThat(answer).startsWith("HTTP/1.1 " + status);
    int end = answer.indexOf("\r\n\r\n");
    assertThat(answer.substring(0, end).toLowerCase(Locale.ROOT))
        .contains("\r\ncontent-type: application/problem+json");
    JsonNode problem = JSON.readTree(answer.substring(end + 4));
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asString()).isEqualTo(title);
    assertThat(problem.get("type").asString()).isEqualTo("about:blank");
    assertThat(problem.has("instance")).as("the refused path is not echoed").isFalse();
  }
}
