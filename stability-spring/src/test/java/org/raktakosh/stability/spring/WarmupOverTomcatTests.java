package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthRegistry;
import org.raktakosh.stability.health.Status;
import org.raktakosh.stability.servlet.Warmup;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The warm-up in a real Spring Boot application over Tomcat: it starts by itself once the
 * application is ready, against the embedded server's port; readiness is DOWN until every request
 * was answered; a per-client rate limit of 2 requests lets all 300 through, and holds again after.
 */
@SpringBootTest(
    classes = WarmupOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "stability.warmup.enabled=true",
      "stability.warmup.paths=/api/hold,/api/plain?page=1",
      "stability.warmup.requests=300",
      "stability.warmup.concurrency=2",
      "stability.rate-limit.enabled=true",
      "stability.rate-limit.limit-for-period=2",
      "stability.rate-limit.refresh-period=5m"
    })
class WarmupOverTomcatTests {

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final CountDownLatch release = new CountDownLatch(1);
  private static final AtomicInteger holdCalls = new AtomicInteger();
  private static final AtomicInteger plainCalls = new AtomicInteger();

  @LocalServerPort private int port;

  @Autowired private Warmup warmup;

  @Autowired private HealthRegistry registry;

  @Autowired private ApplicationAvailability availability;

  @AfterAll
  static void releaseAll() {
    release.countDown();
  }

  @Test
  void readinessWaitsForTheWarmupWhoseRequestsPassTheRateLimit() throws Exception {
    // The first /api/hold waits for the release, so the warm-up cannot have ended yet.
    await().atMost(Duration.ofSeconds(20)).until(() -> holdCalls.get() >= 1);
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    assertThat(registry.evaluateGroup("readiness").orElseThrow().checks().get("warmup").status())
        .isEqualTo(Status.DOWN);
    assertThat(warmup.isDone()).isFalse();
    // Boot's own readiness (actuator's probe) follows: it declared ACCEPTING_TRAFFIC after the
    // ready event, and the warm-up took it back.
    assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

    release.countDown();

    await().atMost(Duration.ofSeconds(30)).until(() -> get("/health/ready").statusCode() == 200);
    assertThat(warmup.isDone()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
    assertThat(holdCalls).hasValue(150);
    assertThat(plainCalls).hasValue(150);
    // This client's limit was never touched by the warm-up, and holds as configured.
    assertThat(get("/api/plain").statusCode()).isEqualTo(200);
    assertThat(get("/api/plain").statusCode()).isEqualTo(200);
    assertThat(get("/api/plain").statusCode()).isEqualTo(429);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @RestController
  static class Api {
    @GetMapping("/api/hold")
    String hold() throws InterruptedException {
      if (holdCalls.incrementAndGet() == 1 && !release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      return "held";
    }

    @GetMapping("/api/plain")
    String plain() {
      plainCalls.incrementAndGet();
      return "plain";
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Api.class)
  static class TestApplication {}
}
