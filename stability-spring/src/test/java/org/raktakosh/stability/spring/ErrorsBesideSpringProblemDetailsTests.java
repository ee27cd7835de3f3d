package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raktakosh.stability.spring.ErrorsOverTomcatTests.problem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The same application with {@code spring.mvc.problemdetails.enabled=true}: Spring MVC then writes
 * RFC 9457 bodies for its own exceptions; the filter leaves them as they are, and the starter adds
 * the request id to them.
 */
@SpringBootTest(
    classes = ErrorsOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"spring.mvc.problemdetails.enabled=true", "stability.health.enabled=false"})
class ErrorsBesideSpringProblemDetailsTests {

  private static final HttpClient client = HttpClient.newHttpClient();

  @LocalServerPort private int port;

  @Test
  void responseStatusExceptionIsSpringsOneProblem() throws Exception {
    HttpResponse<String> response = get("/missing");

    JsonNode problem = problem(response, 404);
    // Spring's body, not ours: Spring shows the exception's reason as the detail (the application
    // chose to put it there); the starter's advice added the request id.
    assertThat(problem.get("detail").asString()).contains("no donor");
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
  }

  @Test
  void unknownPathIsSpringsOneProblem() throws Exception {
    HttpResponse<String> response = get("/no-such-path");

    assertThat(problem(response, 404).get("requestId").asString()).isEqualTo(requestId(response));
  }

  @Test
  void exceptionSpringDoesNotHandleIsStillOurProblem() throws Exception {
    HttpResponse<String> response = get("/fail");

    JsonNode problem = problem(response, 500);
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
    assertThat(response.body()).doesNotContain(ErrorsOverTomcatTests.SECRET);
  }

  @Test
  void applicationAdviceStillWinsOverSpringsProblemDetailsHandler() throws Exception {
    HttpResponse<String> response = get("/advised");

    JsonNode problem = problem(response, 422);
    assertThat(problem.get("handledBy").asString()).isEqualTo("advice");
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String requestId(HttpResponse<String> response) {
    return response.headers().firstValue(RequestIdFilter.DEFAULT_HEADER).orElseThrow();
  }
}
