package org.raktakosh.stability.servlet.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
import org.junit.jupiter.params.provider.MethodSource;
import org.raktakosh.stability.servlet.RefusedRequests;

/** Requests embedded Tomcat 11 refuses before any filter runs, answered by the valve. */
class ProblemErrorReportValveTest {

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
  @MethodSource("org.raktakosh.stability.servlet.RefusedRequests#refusedByBoth")
  void aRequestTomcatRefusesIsAProblem(String what, String head, int status, String title)
      throws Exception {
    RefusedRequests.assertProblem(RefusedRequests.exchange(port, head), status, title);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "headers over the size limit | GET /api HTTP/1.1{crlf}X-Big: {big} | 400 | Bad Request",
        "an expectation it does not meet | GET /api HTTP/1.1{crlf}Expect: tea | 417 |"
            + " Expectation Failed",
        "a transfer coding it does not know | GET /api HTTP/1.1{crlf}Transfer-Encoding: x | 501 |"
            + " Not Implemented",
        "TRACE, refused after mapping | TRACE /api/x HTTP/1.1 | 405 | Method Not Allowed",
        "a bodiless sendError and no error page | GET /api/send-error HTTP/1.1 | 409 | Conflict"
      })
  void whatTomcatAloneRefusesSoIsAProblemToo(String what, String head, int status, String title)
      throws Exception {
    RefusedRequests.assertProblem(RefusedRequests.exchange(port, head), status, title);
  }

  @Test
  void anErrorThatCarriesTheApplicationsOwnBodyIsLeftAlone() throws Exception {
    String answer = RefusedRequests.exchange(port, "GET /api/own-body HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 422").endsWith("the application's own body");
  }

  @Test
  void aRequestTomcatAcceptsIsLeftAlone() throws Exception {
    assertThat(RefusedRequests.exchange(port, "GET /api/x HTTP/1.1"))
        .startsWith("HTTP/1.1 200")
        .endsWith("\r\n\r\nok");
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
