package org.raktakosh.connect.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /demo/slow} over Tomcat with a 1 s request timeout. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"stability.timeout.duration=1s", "raktakosh.disk.min-free=1KB"})
class SlowDemoEndpointTests {

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Path backups;

  @LocalServerPort private int port;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    // The backup check creates its directory at start-up; keep it out of the working tree.
    backups = Files.createTempDirectory("raktakosh-slow-backups");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    Files.deleteIfExists(backups);
  }

  @Test
  void slowerThanTheTimeoutIsA503ProblemWithTheRequestId() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = get("/demo/slow?ms=3000");
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    JsonNode problem = problem(response, 503);
    assertThat(elapsed).isLessThan(Duration.ofMillis(2500));
    assertThat(problem.get("instance").asString()).isEqualTo("/demo/slow");
    assertThat(problem.get("detail").asString()).contains("1000 ms");
    assertThat(problem.get("requestId").asString())
        .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void fasterThanTheTimeoutAnswersWithTheTimeSlept() throws Exception {
    HttpResponse<String> response = get("/demo/slow?ms=10");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"sleptMs\":10}");
  }

  @Test
  void zeroIsAccepted() throws Exception {
    assertThat(get("/demo/slow?ms=0").body()).isEqualTo("{\"sleptMs\":0}");
  }

  @Test
  void negativeIsA400Problem() throws Exception {
    assertThat(problem(get("/demo/slow?ms=-1"), 400).get("detail").asString())
        .isEqualTo("ms must be between 0 and 120000");
  }

  @Test
  void aboveTheCapIsA400Problem() throws Exception {
    problem(get("/demo/slow?ms=120001"), 400);
  }

  @Test
  void nonNumericIsA400Problem() throws Exception {
    assertThat(problem(get("/demo/slow?ms=ten"), 400).get("detail").asString())
        .isEqualTo("ms must be a whole number of milliseconds");
  }

  private static JsonNode problem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
