package org.raktakosh.stability.servlet.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Valve;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests embedded Tomcat 11 refuses before any filter runs, answered by the valve. */
class ProblemErrorReportValveTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Tomcat tomcat;
  private static Path base;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    base = Files.createTempDirectory("stability-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", base.toString());
    Tomcat.addServlet(context, "api", new Endpoints());
    context.addServletMappingDecoded("/api/*", "api");
    // An HTML error report valve already there, as Spring Boot adds one: it must give way.
    ErrorReportValve html = new ErrorReportValve();
    html.setShowReport(false);
    tomcat.getHost().getPipeline().addValve(html);
    ProblemErrorReportValve.installOn(context);
    tomcat.start();
    port = tomcat.getConnector().getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    try (Stream<Path> files = Files.walk(base)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Test
  void itIsTheHostsOnlyErrorReportValve() {
    int reportValves = 0;
    for (Valve valve : tomcat.getHost().getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve) {
        reportValves++;
        assertThat(valve).isInstanceOf(ProblemErrorReportValve.class);
      }
    }
    assertThat(reportValves).isEqualTo(1);
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
        "headers over the size limit | GET /api HTTP/1.1{crlf}X-Big: {big} | 400 | Bad Request",
        "an expectation it does not meet | GET /api HTTP/1.1{crlf}Expect: tea | 417 |"
            + " Expectation Failed",
        "a transfer coding it does not know | GET /api HTTP/1.1{crlf}Transfer-Encoding: x | 501 |"
            + " Not Implemented",
        "TRACE, refused after mapping | TRACE /api/x HTTP/1.1 | 405 | Method Not Allowed",
        "a bodiless sendError and no error page | GET /api/send-error HTTP/1.1 | 409 | Conflict"
      })
  void aRequestTomcatRefusesIsAProblem(String what, String head, int status, String title)
      throws Exception {
    String answer = exchange(head);

    assertThat(answer).startsWith("HTTP/1.1 " + status);
    int end = answer.indexOf("\r\n\r\n");
    String headers = answer.substring(0, end).toLowerCase(Locale.ROOT);
    assertThat(headers).contains("\r\ncontent-type: application/problem+json");
    JsonNode problem = JSON.readTree(answer.substring(end + 4));
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isEqualTo(title);
    assertThat(problem.get("type").asText()).isEqualTo("about:blank");
    assertThat(problem.has("instance")).as("the refused path is not echoed").isFalse();
  }

  @Test
  void anErrorThatCarriesTheApplicationsOwnBodyIsLeftAlone() throws Exception {
    String answer = exchange("GET /api/own-body HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 422").endsWith("the application's own body");
  }

  @Test
  void aRequestTomcatAcceptsIsLeftAlone() throws Exception {
    assertThat(exchange("GET /api/x HTTP/1.1")).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok");
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

  /** {@code /api/send-error}: a bodiless 409; {@code /api/own-body}: a 422 with a body; else ok. */
  private static final class Endpoints extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String path = String.valueOf(request.getPathInfo());
      if (path.equals("/send-error")) {
        response.sendError(409);
        return;
      }
      response.setContentType("text/plain");
      if (path.equals("/own-body")) {
        response.setStatus(422);
        response.getWriter().write("the application's own body");
        return;
      }
      response.getWriter().write("ok");
    }
  }
}
