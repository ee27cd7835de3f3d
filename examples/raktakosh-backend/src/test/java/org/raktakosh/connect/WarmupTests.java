package org.raktakosh.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.servlet.Warmup;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example's own warm-up (its paths from application.yml, fewer requests): readiness turns UP
 * once it is done, and every path answered a plain GET with success, through the trusted hosts and
 * past the example's rate limit of 50 requests a second.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"stability.warmup.enabled=true", "stability.warmup.requests=400"})
class WarmupTests {

  private static final HttpClient client = HttpClient.newHttpClient();

  @LocalServerPort private int port;

  @Autowired private Warmup warmup;

  @Test
  void everyWarmupPathSucceedsAndReadinessTurnsUpAfterwards() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/ready").statusCode() == 200);

    assertThat(warmup.isDone()).isTrue();
    HealthResult result = warmup.readinessCheck().check();
    assertThat(result.message()).hasValue("warmed up");
    assertThat(result.details())
        .containsEntry("sent", 400)
        .containsEntry("succeeded", 400L)
        .containsEntry("clientErrors", 0L)
        .containsEntry("serverErrors", 0L);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
