package org.raktakosh.stability.servlet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests Jetty refuses before any filter runs, answered by {@link ProblemErrorHandler}. */
class ProblemErrorHandlerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

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
  @CsvSource(
      delimiter = '|',
      value = {
        "an encoded slash in the path | GET /api/a%2Fb HTTP/1.1 | 400 | Bad Request",
        "a bad percent escape in the path | GET /api/%zz HTTP/1.1 | 400 | Bad Request",
        "a path above the root | GET /api/../../etc HTTP/1.1 | 400 | Bad Request",
        "a character the request target may not hold | GET /api/<x> HTTP/1.1 | 400 | Bad Request",
        "an unknown HTTP version | GET /api HTTP/9.9 | 505 | HTTP Version Not Supported",
        "a header name with a space | GET /api HTTP/1.1{crlf}Bad Name: x | 400 | Bad Request",
        "headers over the size limit | GET /api HTTP/1.1{crlf}X-Big: {big} | 431 |"
            + " Request Header Fields Too Large"
      })
  void aRequestJettyRefusesIsAProblem(String what, String head, int status, String title)
      throws Exception {
    String answer = exchange(head);

    assertThat(answer).startsWith("HTTP/1.1 " + status);
    int end = answer.indexOf("\r\n\r\n");
    String headers = answer.substring(0, end).toLowerCase(Locale.ROOT);
    assertThat(headers).contains("\r\ncontent-type: application/problem+json");
    assertThat(headers).contains("\r\ncache-control: ");
    String body = answer.substring(end + 4);
    assertThat(headers).contains("\r\ncontent-length: " + body.length());
    JsonNode problem = JSON.readTree(body);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isEqualTo(title);
    assertThat(problem.get("type").asText()).isEqualTo("about:blank");
    assertThat(problem.has("instance")).as("the refused path is not echoed").isFalse();
    assertThat(body).doesNotContain("Jetty");
  }

  @Test
  void aRequestJettyAcceptsIsLeftAlone() throws Exception {
    String answer = exchange("GET /api/x HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok");
  }

  private static String exchange(String head) throws IOException {
    String request =
        head.replace("{crlf}", "\r\n").replace("{big}", "a".repeat(20_000))
            + "\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
