package org.raktakosh.stability.servlet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.RefusedRequests;

/** {@link TraceRefusal} on plain Jetty 12, around a servlet that would echo {@code TRACE}. */
class TraceRefusalTest {

  private Server server;

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void traceIsA405ProblemThatEchoesNothing() throws Exception {
    int port = start(true);

    String answer =
        RefusedRequests.exchange(port, "TRACE /api/x HTTP/1.1{crlf}Cookie: session=secret");

    String body = RefusedRequests.assertProblem(answer, 405, "Method Not Allowed");
    assertThat(answer).contains("\r\nAllow: " + TraceRefusal.ALLOWED_METHODS + "\r\n");
    assertThat(answer).doesNotContain("secret");
    assertThat(body).doesNotContain("TRACE");
  }

  @Test
  void otherMethodsReachTheServlet() throws Exception {
    int port = start(true);

    assertThat(RefusedRequests.exchange(port, "GET /api/x HTTP/1.1"))
        .startsWith("HTTP/1.1 200")
        .endsWith("\r\n\r\nok");
    assertThat(RefusedRequests.exchange(port, "DELETE /api/x HTTP/1.1"))
        .startsWith("HTTP/1.1 200")
        .endsWith("\r\n\r\ndeleted");
  }

  @Test
  void withoutItJettyEchoesTheRequestCookiesIncluded() throws Exception {
    // The premise: what the refusal is for.
    int port = start(false);

    String answer =
        RefusedRequests.exchange(port, "TRACE /api/x HTTP/1.1{crlf}Cookie: session=secret");

    assertThat(answer).startsWith("HTTP/1.1 200").contains("message/http").contains("secret");
  }

  private int start(boolean refuseTrace) throws Exception {
    server = TestJetty.start(refuseTrace);
    return TestJetty.port(server);
  }
}
