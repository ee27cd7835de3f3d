package org.raktakosh.connect.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.ConcurrencyLimitFilter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load shedding that application.yml turns on, tried as a user would: the concurrency limit
 * (lowered to 2 here so two slow requests fill it) and the per-client rate limit of 50 per second.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"stability.concurrency-limit.max-concurrent=2", "raktakosh.disk.min-free=1KB"})
class LoadSheddingDemoTests {

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Path backups;

  @LocalServerPort private int port;

  @Autowired private ConcurrencyLimitFilter concurrencyLimit;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    backups = Files.createTempDirectory("raktakosh-shedding-backups");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    Files.deleteIfExists(backups);
  }

  @Test
  void thirdRequestWhileTwoAreSlowIsRefusedButProbesAnswer() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> slow =
        List.of(getAsync("/demo/slow?ms=3000"), getAsync("/demo/slow?ms=3000"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> concurrencyLimit.bulkhead().getMetrics().getAvailableConcurrentCalls() == 0);

    HttpResponse<String> refused = get("/api/donors");

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(JSON.readTree(refused.body()).get("requestId").asString())
        .isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    // The group alias answers for the backup group itself (DOWN here: no backup yet), not 429/503
    // problems from shedding.
    assertThat(get("/backup-health").headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    for (CompletableFuture<HttpResponse<String>> response : slow) {
      assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aClientPastFiftyRequestsInASecondGets429WithRetryAfter() throws Exception {
    HttpResponse<String> response = null;
    // 50 fit in a period; sent back to back, well over 50 land in one period long before 500.
    for (int i = 0; i < 500; i++) {
      response = get("/api/donors");
      if (response.statusCode() != 200) {
        break;
      }
    }

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(JSON.readTree(response.body()).get("title").asString())
        .isEqualTo("Too Many Requests");
    assertThat(get("/health").statusCode()).isIn(200, 503);
    assertThat(get("/health").headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    // The next period admits the client again (and leaves the other test a fresh budget).
    await().atMost(Duration.ofSeconds(5)).until(() -> get("/api/donors").statusCode() == 200);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return client.sendAsync(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
  }
}
