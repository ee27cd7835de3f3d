package org.raktakosh.stability.servlet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.raktakosh.stability.servlet.RefusedRequests;

/** Requests Jetty refuses before any filter runs, answered by {@link ProblemErrorHandler}. */
class ProblemErrorHandlerTest {

  private static Server server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    server = TestJetty.start(false);
    port = TestJetty.port(server);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.raktakosh.stability.servlet.RefusedRequests#refusedByBoth")
  void aRequestJettyRefusesIsAProblem(String what, String head, int status, String title)
      throws Exception {
    String answer = RefusedRequests.exchange(port, head);

    String body = RefusedRequests.assertProblem(answer, status, title);
    String headers = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
    assertThat(headers).contains("\r\ncache-control: ");
    assertThat(headers).contains("\r\ncontent-length: " + body.length());
    assertThat(body).doesNotContain("Jetty");
  }

  @Test
  void headersOverTheSizeLimitAreA431Problem() throws Exception {
    String answer = RefusedRequests.exchange(port, "GET /api HTTP/1.1{crlf}X-Big: {big}");

    RefusedRequests.assertProblem(answer, 431, "Request Header Fields Too Large");
  }

  @Test
  void aRefusedHeadRequestGetsTheHeadersAndNoBody() throws Exception {
    String answer = RefusedRequests.exchange(port, "HEAD /api/a%2Fb HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 400").endsWith("\r\n\r\n");
    assertThat(answer.toLowerCase(Locale.ROOT))
        .contains("\r\ncontent-type: application/problem+json");
  }

  @Test
  void aRequestJettyAcceptsIsLeftAlone() throws Exception {
    String answer = RefusedRequests.exchange(port, "GET /api/x HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok");
  }
}
