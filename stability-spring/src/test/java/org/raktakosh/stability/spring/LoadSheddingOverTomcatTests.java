package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.ConcurrencyLimitFilter;
import org.raktakosh.stability.servlet.ConcurrencyLimitMetrics;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The concurrency limit in a real Spring Boot application over Tomcat, together with the timeout
 * and error recovery it sits outside of: refusal of request N+1, probes under overload, permits
 * back to the maximum after every way a request can end, and the metrics in Boot's registry.
 */
@SpringBootTest(
    classes = LoadSheddingOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "stability.concurrency-limit.enabled=true",
      "stability.concurrency-limit.max-concurrent=" + LoadSheddingOverTomcatTests.MAX,
      "stability.concurrency-limit.retry-after=2s",
      "stability.timeout.duration=1s",
      "stability.timeout.paths[/hold]=30s",
      "stability.timeout.paths[/abort]=30s"
    })
class LoadSheddingOverTomcatTests {

  static final int MAX = 4;

  /** Counted down after each test, so that no handler outlives it. */
  static volatile CountDownLatch release = new CountDownLatch(1);

  static final AtomicInteger holdCalls = new AtomicInteger();
  static final AtomicInteger abortCalls = new AtomicInteger();

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort private int port;

  @Autowired private ConcurrencyLimitFilter filter;

  @Autowired private MeterRegistry meters;

  @BeforeEach
  void reset() throws Exception {
    release = new CountDownLatch(1);
    holdCalls.set(0);
    abortCalls.set(0);
    assertThat(get("/fast").statusCode()).isEqualTo(200);
  }

  @AfterEach
  void releaseHandlers() {
    release.countDown();
    awaitAllPermitsBack();
  }

  @Test
  void requestOverTheLimitIsRefusedWith503ProblemAndRetryAfterWhileHealthAnswers()
      throws Exception {
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < MAX; i++) {
      held.add(getAsync("/hold"));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> holdCalls.get() == MAX);
    double rejectedBefore = rejected();

    HttpResponse<String> refused = get("/hold");

    JsonNode problem = ErrorsOverTomcatTests.problem(refused, 503);
    assertThat(refused.headers().firstValue("Retry-After")).contains("2");
    assertThat(problem.get("instance").asString()).isEqualTo("/hold");
    assertThat(problem.get("requestId").asString())
        .isEqualTo(refused.headers().firstValue(RequestIdFilter.DEFAULT_HEADER).orElseThrow());
    assertThat(holdCalls).hasValue(MAX);
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(rejected()).isEqualTo(rejectedBefore + 1);
    assertThat(bulkheadGauge("available")).isZero();
    assertThat(bulkheadGauge("max.allowed")).isEqualTo(MAX);

    release.countDown();
    for (CompletableFuture<HttpResponse<String>> response : held) {
      assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("held");
    }
  }

  @Test
  void permitsReturnToMaxAfterSuccessesExceptionsTimeoutsAsyncAndAnAbort() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /abort HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> abortCalls.get() == 1);
    }
    // The client has gone while its handler still holds a permit.
    assertThat(filter.bulkhead().getMetrics().getAvailableConcurrentCalls()).isEqualTo(MAX - 1);
    release.countDown();
    awaitAllPermitsBack();

    // One at a time, so that the limit of 4 refuses none of them.
    Map<String, Integer> expected = Map.of("/fast", 200, "/boom", 500, "/slow", 503, "/async", 200);
    for (int round = 0; round < 2; round++) {
      for (Map.Entry<String, Integer> call : expected.entrySet()) {
        HttpResponse<String> response = get(call.getKey());
        assertThat(response.statusCode()).as(call.getKey()).isEqualTo(call.getValue());
      }
    }

    awaitAllPermitsBack();
  }

  private void awaitAllPermitsBack() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> filter.bulkhead().getMetrics().getAvailableConcurrentCalls() == MAX);
  }

  private double rejected() {
    return meters
        .get(ConcurrencyLimitMetrics.REJECTED)
        .tag("limit", "concurrency")
        .functionCounter()
        .count();
  }

  private double bulkheadGauge(String which) {
    return meters
        .get("resilience4j.bulkhead." + which + ".concurrent.calls")
        .tag("name", filter.config().name())
        .gauge()
        .value();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(request(path), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return client.sendAsync(
        request(path), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build();
  }

  /** Handlers that end in each way a permit must come back from. */
  @RestController
  static class Handlers {

    @GetMapping("/fast")
    String fast() {
      return "fast";
    }

    @GetMapping("/hold")
    String hold() throws InterruptedException {
      holdCalls.incrementAndGet();
      release.await(10, TimeUnit.SECONDS);
      return "held";
    }

    @GetMapping("/boom")
    String boom() {
      throw new IllegalStateException("boom");
    }

    /** Past the 1 s timeout: answered 503 by the timeout filter, interrupted. */
    @GetMapping("/slow")
    String slow() throws InterruptedException {
      Thread.sleep(10_000);
      return "finished";
    }

    @GetMapping("/async")
    CompletableFuture<String> async() {
      return CompletableFuture.supplyAsync(() -> "async");
    }

    /** Its client goes away while it waits; then it writes 1 MiB into the closed connection. */
    @GetMapping("/abort")
    String abort() throws InterruptedException {
      abortCalls.incrementAndGet();
      release.await(10, TimeUnit.SECONDS);
      return "x".repeat(1 << 20);
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Handlers.class)
  static class TestApplication {}
}
