package org.raktakosh.stability.servlet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.setContentType("text/plain");
                response.getWriter().write("ok");
              }
            }),
        "/api/*");
    server.setHandler(context);
    server.setErrorHandler(new ProblemErrorHandler());
    server.start();
    port = connector.getLocalPort();
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
  void aRequestJettyAcceptsIsLeftAlone() throws Exception {
    String answer = RefusedRequests.exchange(port, "GET /api/x HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok");
  }
}
