package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter in a Spring Boot application on Jetty 12 (Boot's {@code spring-boot-jetty}, ee11)
 * instead of Tomcat: run by its own surefire execution, the only one with Jetty on the class path.
 */
@SpringBootTest(
    classes = StarterOverJettyTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      // Only the slow endpoint: /health's first answer runs its checks, which can take longer.
      "stability.timeout.paths[/api/slow]=500ms",
      "stability.health.enabled=true"
    })
class StarterOverJettyTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort private int port;

  @Autowired private WebServerApplicationContext context;

  @Test
  void theServerIsJetty() {
    assertThat(context.getWebServer().getClass().getName()).contains("Jetty");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.raktakosh.stability.spring.RefusedRequests#refusedByBoth")
  void aRequestJettyRefusesBeforeAnyFilterIsAProblemToo(
      String what, String head, int status, String title) throws Exception {
    RefusedRequests.assertProblem(RefusedRequests.exchange(port, head), status, title);
  }

  @Test
  void headersOverJettysSizeLimitAreA431Problem() throws Exception {
    String answer = RefusedRequests.exchange(port, "GET /api HTTP/1.1{crlf}X-Big: {big}");

    RefusedRequests.assertProblem(answer, 431, "Request Header Fields Too Large");
  }

  @Test
  void traceIsA405ProblemAsOnTomcatNotAnEcho() throws Exception {
    // Without the starter's refusal, HttpServlet.doTrace answers 200 with the request, cookies too.
    String answer =
        RefusedRequests.exchange(port, "TRACE /api/echo HTTP/1.1{crlf}Cookie: session=secret");

    RefusedRequests.assertProblem(answer, 405, "Method Not Allowed");
    assertThat(answer).containsIgnoringCase("\r\nAllow: ").doesNotContain("secret");
  }

  @Test
  void theJettyCustomizersGoWithTheirSwitches() {
    String errorPage = "stabilityJettyErrorHandler";
    String traceRefusal = "stabilityJettyTraceRefusal";
    WebApplicationContextRunner runner =
        new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StabilityErrorsAutoConfiguration.class));
    runner.run(context -> assertThat(context).hasBean(errorPage).hasBean(traceRefusal));
    runner
        .withPropertyValues("stability.errors.refuse-trace=false")
        .run(context -> assertThat(context).hasBean(errorPage).doesNotHaveBean(traceRefusal));
    runner
        .withPropertyValues("stability.errors.container-rejections=false")
        .run(context -> assertThat(context).doesNotHaveBean(errorPage).hasBean(traceRefusal));
    runner
        .withPropertyValues("stability.errors.enabled=false")
        .run(
            context ->
                assertThat(context).doesNotHaveBean(errorPage).doesNotHaveBean(traceRefusal));
  }

  @Test
  void anUnhandledExceptionIsA500ProblemWithTheRequestId() throws Exception {
    HttpResponse<String> response = get("/api/fail");

    JsonNode problem = problem(response, 500);
    assertThat(problem.get("requestId").asString())
        .isEqualTo(response.headers().firstValue(RequestIdFilter.DEFAULT_HEADER).orElseThrow());
    assertThat(response.body()).doesNotContain("secret");
  }

  @Test
  void aQueryJettyCannotDecodeIsA400NotA500() throws Exception {
    // java.net.URI refuses the bad escape: send it by hand.
    String answer = RefusedRequests.exchange(port, "GET /api/echo?name=%zz HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json");
    assertThat(answer).contains("\"instance\":\"/api/echo\"");
  }

  @Test
  void aBodyJettyCannotReadIsA400ProblemAsOnTomcat() throws Exception {
    // A multipart body without a boundary (Spring's resolver parses every multipart request), and
    // chunked framing with a size that is not one.
    String multipart =
        RefusedRequests.exchange(
            port,
            "POST /api/body HTTP/1.1{crlf}Content-Type: multipart/form-data; boundary="
                + "{crlf}Content-Length: 13",
            "not multipart");
    String chunked =
        RefusedRequests.exchange(
            port,
            "POST /api/body HTTP/1.1{crlf}Content-Type: text/plain{crlf}Transfer-Encoding: chunked",
            "zz\r\nnot a chunk\r\n0\r\n\r\n");

    for (String answer : List.of(multipart, chunked)) {
      assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json");
      assertThat(answer).contains("\"instance\":\"/api/body\"", "\"requestId\":");
    }
  }

  @Test
  void anUnknownPathIsA404Problem() throws Exception {
    problem(get("/no-such-path"), 404);
  }

  @Test
  void slowerThanTheTimeoutIsA503Problem() throws Exception {
    HttpResponse<String> response = get("/api/slow");

    JsonNode problem = problem(response, 503);
    assertThat(problem.get("detail").asString()).contains("500 ms");
  }

  @Test
  void aLargeJsonIsCompressedForAClientThatAcceptsGzip() throws Exception {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(uri("/api/large")).header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(response.headers().allValues("Vary"))
        .anySatisfy(v -> assertThat(v).contains("Accept-Encoding"));
    byte[] body;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      body = in.readAllBytes();
    }
    assertThat(JSON.readTree(body).size()).isEqualTo(500);
  }

  @Test
  void healthAnswersWithTheStatusOfItsChecks() throws Exception {
    // The checks here (db, heap, disk, ...) run on a loaded CI machine: judge the answer's
    // consistency, not the machine. The H2 pool's first connection can outlast the db check.
    HttpResponse<String> response = get("/health");

    String status = JSON.readTree(response.body()).get("status").asString();
    assertThat(response.statusCode())
        .as(response.body())
        .isEqualTo(status.equals("DOWN") ? 503 : 200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
  }

  private JsonNode problem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Endpoints.class)
  static class TestApplication {}

  @RestController
  static class Endpoints {

    @GetMapping("/api/fail")
    String fail() {
      throw new IllegalStateException("secret");
    }

    @GetMapping("/api/echo")
    String echo(@RequestParam String name) {
      return name;
    }

    @GetMapping("/api/slow")
    String slow() throws InterruptedException {
      // Work slower than the 500 ms timeout, not a wait for a condition: the timeout's interrupt
      // ends it, and the test asserts the 503 the client got at the deadline.
      Thread.sleep(10_000);
      return "late";
    }

    @PostMapping("/api/body")
    String body(@RequestBody String body) {
      return Integer.toString(body.length());
    }

    @GetMapping("/api/large")
    List<String> large() {
      return java.util.stream.IntStream.range(0, 500).mapToObj(i -> "donor " + i).toList();
    }
  }
}
