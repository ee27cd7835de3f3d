package org.raktakosh.stability.health.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.MutableClock;
import org.raktakosh.stability.health.Status;

class HttpDependencyCheckTest {

  private static final Duration AWAIT = Duration.ofSeconds(10);

  private HttpServer server;
  private ExecutorService serverThreads;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicBoolean hang = new AtomicBoolean();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Handlers run off the dispatcher thread, so a hanging answer does not block other requests.
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.createContext("/health", this::answer);
    server.start();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    release.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
    assertThat(serverThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (hang.get()) {
        release.await();
      }
      exchange.sendResponseHeaders(status.get(), -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
  }

  @Test
  void twoHundredIsUp() throws Exception {
    HealthResult result = HealthChecks.http(uri()).check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details())
        .containsEntry("uri", uri().toString())
        .containsEntry("httpStatus", 200)
        .containsEntry("circuitBreaker", "CLOSED")
        .containsKey("latencyMs");
    assertThat(requests).hasValue(1);
  }

  @Test
  void noContentIsUpToo() throws Exception {
    status.set(204);

    assertThat(HealthChecks.http(uri()).check().status()).isEqualTo(Status.UP);
  }

  @Test
  void fiveHundredIsDownWithTheStatusCode() throws Exception {
    status.set(500);

    HealthResult result = HealthChecks.http(uri()).check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message()).hasValue("HTTP 500 from " + uri());
    assertThat(result.details()).containsEntry("httpStatus", 500);
  }

  @Test
  void afterEnoughFailuresTheCircuitOpensAndTheDependencyIsLeftAlone() throws Exception {
    status.set(500);
    HttpDependencyCheck check = HttpDependencyCheck.builder(uri()).build();

    for (int i = 0; i < HttpDependencyCheck.DEFAULT_MINIMUM_NUMBER_OF_CALLS; i++) {
      assertThat(check.check().status()).isEqualTo(Status.DOWN);
    }
    assertThat(check.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

    for (int i = 0; i < 5; i++) {
      HealthResult result = check.check();
      assertThat(result.status()).isEqualTo(Status.DOWN);
      assertThat(result.message()).hasValue("circuit breaker is open; not calling " + uri());
      assertThat(result.details())
          .containsEntry("circuitBreaker", "OPEN")
          .containsEntry("failureRatePercent", 100.0f);
    }
    assertThat(requests).hasValue(HttpDependencyCheck.DEFAULT_MINIMUM_NUMBER_OF_CALLS);
  }

  @Test
  void oneTrialCallAfterTheOpenWaitClosesTheCircuitWhenTheDependencyRecovered() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "recovering",
            CircuitBreakerConfig.from(HttpDependencyCheck.defaultCircuitBreakerConfig())
                .clock(clock)
                .build());
    HttpDependencyCheck check = HttpDependencyCheck.builder(uri()).circuitBreaker(breaker).build();
    status.set(503);
    for (int i = 0; i < HttpDependencyCheck.DEFAULT_MINIMUM_NUMBER_OF_CALLS; i++) {
      check.check();
    }
    status.set(200);
    assertThat(check.check().status()).isEqualTo(Status.DOWN);

    // Resilience4j lets the trial call through once the clock is strictly past the open wait.
    clock.advance(HttpDependencyCheck.DEFAULT_WAIT_DURATION_IN_OPEN_STATE.plusMillis(1));
    HealthResult result = check.check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(requests).hasValue(HttpDependencyCheck.DEFAULT_MINIMUM_NUMBER_OF_CALLS + 1);
  }

  @Test
  void unreachableDependencyIsDownWithTheExceptionClass() throws Exception {
    URI closedPort = uri();
    server.stop(0);

    HealthResult result = HealthChecks.http(closedPort).check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message())
        .hasValue("request to " + closedPort + " failed: java.net.ConnectException");
    assertThat(result.error()).containsInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void noAnswerWithinTheRequestTimeoutIsDown() throws Exception {
    hang.set(true);
    HealthCheck check =
        HttpDependencyCheck.builder(uri()).requestTimeout(Duration.ofMillis(200)).build();

    HealthResult result = check.check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message())
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("no response from " + uri() + " within 200 ms")
                    .contains("HttpTimeoutException"));
  }

  @Test
  void slowSuccessIsDegradedWhenAskedFor() throws Exception {
    HealthResult result =
        HttpDependencyCheck.builder(uri())
            .degradedOnSlowerThan(Duration.ofNanos(1))
            .build()
            .check();

    assertThat(result.status()).isEqualTo(Status.DEGRADED);
    assertThat(result.message()).hasValueSatisfying(m -> assertThat(m).startsWith("slow: "));
  }

  @Test
  void interruptedCallIsNotCountedAndFreesTheTrialPermission() throws Exception {
    hang.set(true);
    HttpDependencyCheck check = HttpDependencyCheck.builder(uri()).build();
    check.circuitBreaker().transitionToOpenState();
    check.circuitBreaker().transitionToHalfOpenState();
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                outcome.set(check.check());
              } catch (Exception e) {
                outcome.set(e);
              }
            },
            "interrupted-http-check");
    runner.start();
    await().atMost(AWAIT).until(() -> requests.get() == 1);

    runner.interrupt();

    await().atMost(AWAIT).until(() -> !runner.isAlive());
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(check.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
    hang.set(false);
    assertThat(check.check().status()).isEqualTo(Status.UP);
    assertThat(check.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void relativeUriIsRejected() {
    assertThatThrownBy(() -> HttpDependencyCheck.builder(URI.create("/health")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uri");
  }

  @Test
  void zeroRequestTimeoutIsRejected() {
    assertThatThrownBy(() -> HttpDependencyCheck.builder(uri()).requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout");
  }

  @Test
  void degradedThresholdNotBelowTheRequestTimeoutIsRejected() {
    HttpDependencyCheck.Builder builder =
        HttpDependencyCheck.builder(uri())
            .requestTimeout(Duration.ofSeconds(1))
            .degradedOnSlowerThan(Duration.ofSeconds(1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degradedOnSlowerThan");
  }

  @Test
  void degradedThresholdBelowTheRequestTimeoutIsAccepted() {
    assertThatCode(
            () ->
                HttpDependencyCheck.builder(uri())
                    .requestTimeout(Duration.ofSeconds(1))
                    .degradedOnSlowerThan(Duration.ofMillis(999))
                    .build())
        .doesNotThrowAnyException();
  }
}
