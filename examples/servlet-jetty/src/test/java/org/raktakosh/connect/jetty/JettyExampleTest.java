package org.raktakosh.connect.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.Warmup;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.raktakosh.stability.shutdown.ShutdownState;

/** The plain-servlet example over real sockets, with a 1 s timeout instead of 30 s. */
class JettyExampleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static JettyExample example;

  @BeforeAll
  static void start() throws Exception {
    Properties overrides = new Properties();
    overrides.setProperty("stability.timeout.duration", "1s");
    overrides.setProperty("stability.shutdown.hook", "false");
    overrides.setProperty("stability.warmup.requests", "300");
    example = JettyExample.start(0, overrides);
  }

  @AfterAll
  static void stop() {
    example.stop();
  }

  @Test
  void helloAnswersJsonWithARequestId() throws Exception {
    HttpResponse<String> response = get("/api/hello?name=Asha");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("greeting").asText()).isEqualTo("Hello, Asha");
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void illegalArgumentIsA400ProblemByTheMappingInStabilityProperties() throws Exception {
    JsonNode problem = problem(get("/api/hello?name=" + "x".repeat(41)), 400);
    assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
    assertThat(problem.get("instance").asText()).isEqualTo("/api/hello");
  }

  @Test
  void aPathJettyRefusesBeforeAnyFilterIsAProblemToo() throws Exception {
    String answer = exchange("GET /api/a%2Fb HTTP/1.1");

    assertThat(answer)
        .startsWith("HTTP/1.1 400")
        .contains("Content-Type: application/problem+json")
        .doesNotContain("Jetty");
    JsonNode problem = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
  }

  @Test
  void traceIsRefusedNotEchoed() throws Exception {
    String answer = exchange("TRACE /api/hello HTTP/1.1\r\nCookie: session=secret");

    assertThat(answer)
        .startsWith("HTTP/1.1 405")
        .contains("Content-Type: application/problem+json")
        .contains("Allow: ")
        .doesNotContain("secret");
  }

  /** Sends {@code head} and a {@code Host} over a raw socket; returns the whole answer. */
  private String exchange(String head) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", example.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              (head + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void slowerThanTheTimeoutIsA503Problem() throws Exception {
    JsonNode problem = problem(get("/api/slow?ms=5000"), 503);
    assertThat(problem.get("detail").asText()).contains("1000 ms");
  }

  @Test
  void readinessFollowsTheWarmupFromStabilityProperties() throws Exception {
    Warmup warmup = example.installer().warmup().orElseThrow();
    assertThat(warmup.config().paths()).containsExactly("/api/hello?name=warmup", "/health/live");

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/health/ready").statusCode() == 200);

    assertThat(warmup.isDone()).isTrue();
    assertThat(warmup.readinessCheck().check().details())
        .containsEntry("sent", 300)
        .containsEntry("succeeded", 300L);
  }

  @Test
  void healthEndpointsAnswer() throws Exception {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> example.installer().warmup().orElseThrow().isDone());
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/health/live").body()).contains("\"status\":\"UP\"");
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void builtInResourceChecksJoinThePingWithTheMinimumFromStabilityProperties() throws Exception {
    JsonNode checks = JSON.readTree(get("/health/detailed").body()).get("checks");
    JsonNode live = JSON.readTree(get("/health/live").body()).get("checks");

    assertThat(checks.fieldNames())
        .toIterable()
        .contains("ping", "heap", "deadlocks", "diskSpace")
        .doesNotContain("disk");
    assertThat(live.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("ping", "heap", "deadlocks");
    assertThat(checks.get("diskSpace").get("groups").get(0).asText()).isEqualTo("readiness");
    assertThat(checks.get("diskSpace").get("details").get("minFreeBytes").asLong())
        .isEqualTo(50L * 1024 * 1024);
  }

  @Test
  void gracefulShutdownDrainsThenStopsJetty() throws Exception {
    Properties overrides = new Properties();
    overrides.setProperty("stability.shutdown.hook", "false");
    overrides.setProperty("stability.warmup.enabled", "false"); // no requests but the test's
    JettyExample second = JettyExample.start(0, overrides);
    GracefulShutdown shutdown = second.installer().gracefulShutdown().orElseThrow();
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(
            request(second.port(), "/api/slow?ms=500"), HttpResponse.BodyHandlers.ofString());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> shutdown.inFlight() == 1);

    shutdown.shutdown();

    assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(shutdown.state()).isEqualTo(ShutdownState.STOPPED);
    assertThat(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return get(second.port(), "/api/hello").statusCode();
                  } catch (Exception refused) {
                    return -1;
                  }
                }))
        .succeedsWithin(Duration.ofSeconds(10))
        .isEqualTo(-1);
  }

  private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return get(example.port(), path);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(request(port, path), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .build();
  }
}
