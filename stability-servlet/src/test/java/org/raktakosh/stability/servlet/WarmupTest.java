package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

/** The warm-up over real Jetty: requests through the filters, readiness, and its ways of ending. */
class WarmupTest {

  private final AtomicInteger warmCalls = new AtomicInteger();
  private final AtomicInteger otherCalls = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private JettyApp app;
  private Warmup warmup;

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (warmup != null) {
      warmup.close();
    }
    if (app != null) {
      app.close();
    }
  }

  /**
   * Jetty with a rate limit of 3 requests a second per client, {@code /warm} (whose first request
   * waits for {@link #release}), {@code /other}, and {@code /missing} answering 404.
   */
  private void start(WarmupConfig config) throws Exception {
    warmup = new Warmup(config);
    Properties properties = new Properties();
    properties.setProperty("stability.timeout.enabled", "false");
    StabilityInstaller installer =
        StabilityInstaller.fromProperties(properties)
            .healthCheck(
                "warmup",
                warmup.readinessCheck(),
                HealthCheckOptions.custom().readinessGate().cacheTtl(Duration.ZERO).build());
    RateLimitFilter limit =
        new RateLimitFilter(
            RateLimitConfig.custom()
                .limitForPeriod(3)
                .refreshPeriod(Duration.ofMinutes(1)) // no new window during a test
                .build());
    app =
        JettyApp.start(
            context -> {
              context.addFilter(new FilterHolder(limit), "/*", EnumSet.of(DispatcherType.REQUEST));
              context.addServlet(new ServletHolder(new Pages()), "/*");
            },
            installer::install);
  }

  private final class Pages extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      switch (request.getRequestURI()) {
        case "/warm":
          if (warmCalls.incrementAndGet() == 1) {
            awaitRelease();
          }
          break;
        case "/other":
          otherCalls.incrementAndGet();
          break;
        default:
          response.sendError(404);
          return;
      }
      response.setContentType("text/plain");
      response.getWriter().write("ok");
    }

    private void awaitRelease() throws IOException {
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IOException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }

  @Test
  void readinessIsDownUntilEveryRequestPassedTheRateLimitThenUp() throws Exception {
    start(WarmupConfig.custom().paths("/warm", "/other").requests(200).concurrency(2).build());
    assertThat(app.get("/health/ready").statusCode()).isEqualTo(503);

    var done = warmup.start(URI.create(app.baseUrl()));

    // The first /warm waits, so the warm-up cannot end before the release.
    await().atMost(Duration.ofSeconds(10)).until(() -> warmCalls.get() >= 1);
    assertThat(app.get("/health/ready").statusCode()).isEqualTo(503);
    assertThat(warmup.isDone()).isFalse();
    // Ordinary requests, even with a made-up token, keep the limit while the warm-up runs.
    for (int i = 0; i < 3; i++) {
      assertThat(app.get("/other", "Stability-Warmup", "guessed").statusCode()).isEqualTo(200);
    }
    assertThat(app.get("/other", "Stability-Warmup", "guessed").statusCode()).isEqualTo(429);

    release.countDown();
    WarmupReport report = done.get(30, TimeUnit.SECONDS);

    assertThat(report.complete()).isTrue();
    assertThat(report.sent()).isEqualTo(200);
    assertThat(report.succeeded()).isEqualTo(200); // none refused with 429
    assertThat(warmCalls).hasValue(100);
    assertThat(otherCalls).hasValue(100 + 3);
    assertThat(warmup.isDone()).isTrue();
    assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
    // The exemption ended with the warm-up: the limit still holds for this client.
    assertThat(app.get("/other").statusCode()).isEqualTo(429);
    HealthResult result = warmup.readinessCheck().check();
    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details()).containsEntry("sent", 200);
  }

  @Test
  void installerBuildsTheWarmupFromPropertiesWithItsGate() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("stability.timeout.enabled", "false");
    properties.setProperty("stability.warmup.enabled", "true");
    properties.setProperty("stability.warmup.paths", "/other, /health/live");
    properties.setProperty("stability.warmup.requests", "40");
    properties.setProperty("stability.warmup.concurrency", "2");
    StabilityInstaller installer = StabilityInstaller.fromProperties(properties);
    app =
        JettyApp.start(
            context -> context.addServlet(new ServletHolder(new Pages()), "/*"),
            installer::install);
    warmup = installer.warmup().orElseThrow();
    assertThat(app.get("/health/ready").statusCode()).isEqualTo(503);

    WarmupReport report = warmup.start(URI.create(app.baseUrl())).get(30, TimeUnit.SECONDS);

    assertThat(report.succeeded()).isEqualTo(40);
    assertThat(otherCalls).hasValue(20);
    assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(installer.healthRegistry().names()).contains(StabilityInstaller.WARMUP_CHECK_NAME);
  }

  @Test
  void installerHasNoWarmupUnlessEnabledAndNeedsPathsWhenItIs() {
    assertThat(StabilityInstaller.withDefaults().warmup()).isEmpty();
    Properties off = new Properties();
    off.setProperty("stability.enabled", "false");
    off.setProperty("stability.warmup.enabled", "true");
    assertThat(StabilityInstaller.fromProperties(off).warmup()).isEmpty();
    Properties noPaths = new Properties();
    noPaths.setProperty("stability.warmup.enabled", "true");
    assertThatThrownBy(() -> StabilityInstaller.fromProperties(noPaths))
        .hasMessageStartingWith("stability.warmup.paths");
  }

  @Test
  void gracefulShutdownEndsTheWarmup() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("stability.shutdown.hook", "false");
    properties.setProperty("stability.warmup.enabled", "true");
    properties.setProperty("stability.warmup.paths", "/a");
    StabilityInstaller installer = StabilityInstaller.fromProperties(properties);
    warmup = installer.warmup().orElseThrow();

    installer.gracefulShutdown().orElseThrow().shutdown();

    assertThat(warmup.isDone()).isTrue();
  }

  @Test
  void answersThatAreErrorsAreCountedAndTheWarmupStillEnds() throws Exception {
    start(WarmupConfig.custom().paths("/missing").requests(20).build());

    WarmupReport report = warmup.start(URI.create(app.baseUrl())).get(30, TimeUnit.SECONDS);

    assertThat(report.complete()).isTrue();
    assertThat(report.clientErrors()).isEqualTo(20);
    assertThat(report.succeeded()).isZero();
    assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestSlowerThanTheTimeoutEndsTheWarmupAndReadinessTurnsUp() throws Exception {
    start(
        WarmupConfig.custom()
            .paths("/warm")
            .requests(5)
            .concurrency(1)
            .timeout(Duration.ofSeconds(2)) // the first /warm waits for a release that never comes
            .build());

    WarmupReport report = warmup.start(URI.create(app.baseUrl())).get(30, TimeUnit.SECONDS);

    assertThat(report.complete()).isFalse();
    assertThat(report.sent()).isEqualTo(1);
    assertThat(report.stoppedBecause()).hasValueSatisfying(r -> assertThat(r).contains("/warm"));
    assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(warmup.readinessCheck().check().message()).hasValue("warm-up cut short");
  }

  @Test
  void nothingListeningEndsTheWarmupAtTheFirstRequest() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    warmup =
        new Warmup(
            WarmupConfig.custom()
                .paths("/a")
                .requests(1000)
                .baseUri(URI.create("http://127.0.0.1:" + port))
                .build());
    assertThat(warmup.readinessCheck().check().status()).isEqualTo(Status.DOWN);

    WarmupReport report = warmup.start().get(30, TimeUnit.SECONDS);

    assertThat(report.complete()).isFalse();
    // Each of the four workers sends at most one request before seeing the failure.
    assertThat(report.sent()).isBetween(1, WarmupConfig.DEFAULT_CONCURRENCY);
    assertThat(report.stoppedBecause())
        .hasValueSatisfying(reason -> assertThat(reason).contains("ConnectException"));
    assertThat(warmup.readinessCheck().check().status()).isEqualTo(Status.UP);
  }

  @Test
  void closeEndsARunningWarmupAndAWarmupRunsOnce() throws Exception {
    start(WarmupConfig.custom().paths("/warm").requests(5).concurrency(1).build());
    var done = warmup.start(URI.create(app.baseUrl()));
    await().atMost(Duration.ofSeconds(10)).until(() -> warmCalls.get() == 1);

    warmup.close();

    WarmupReport report = done.get(30, TimeUnit.SECONDS);
    assertThat(report.stoppedBecause()).hasValue("closed");
    assertThat(warmup.isDone()).isTrue();
    assertThatThrownBy(() -> warmup.start(URI.create(app.baseUrl())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closedBeforeStartingItSendsNothingAndIsReady() throws Exception {
    warmup = new Warmup(WarmupConfig.custom().paths("/a").build());

    warmup.close();

    assertThat(warmup.isDone()).isTrue();
    assertThat(warmup.readinessCheck().check().status()).isEqualTo(Status.UP);
    assertThatThrownBy(() -> warmup.start(URI.create("http://127.0.0.1:1")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void baseMustBeAPlainHttpUriWithoutATrailingSlash() {
    warmup = new Warmup(WarmupConfig.custom().paths("/a").build());

    assertThatThrownBy(() -> warmup.start(URI.create("https://127.0.0.1:8443")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUri must be an http URI");
    assertThatThrownBy(() -> warmup.start(URI.create("http://127.0.0.1:8080/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/'");
    assertThatThrownBy(() -> warmup.start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no baseUri");
    assertThat(warmup.isDone()).isFalse(); // a bad base does not use the warm-up up
  }

  @Test
  void configRejectsBadValuesNamingTheSetting() {
    assertThatThrownBy(() -> WarmupConfig.custom().build())
        .hasMessageContaining("paths must name at least one");
    assertThatThrownBy(() -> WarmupConfig.custom().paths("api"))
        .hasMessageContaining("path must start with '/'");
    assertThatThrownBy(() -> WarmupConfig.custom().paths("/a b"))
        .hasMessageContaining("spaces or control characters");
    assertThatThrownBy(() -> WarmupConfig.custom().requests(0))
        .hasMessageContaining("requests must be at least 1");
    assertThatThrownBy(() -> WarmupConfig.custom().concurrency(0))
        .hasMessageContaining("concurrency must be 1 to 64");
    assertThatThrownBy(() -> WarmupConfig.custom().concurrency(65))
        .hasMessageContaining("concurrency must be 1 to 64");
    assertThatThrownBy(() -> WarmupConfig.custom().timeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> WarmupConfig.custom().baseUri(URI.create("http://127.0.0.1:1/")))
        .hasMessageContaining("baseUri must not end in '/'");
    WarmupConfig config = WarmupConfig.custom().paths("/a", "/b?c=d").build();
    assertThat(config.baseUri()).isEmpty();
    assertThat(config.paths()).containsExactly("/a", "/b?c=d");
    assertThat(config.requests()).isEqualTo(WarmupConfig.DEFAULT_REQUESTS);
    assertThat(config.concurrency()).isEqualTo(WarmupConfig.DEFAULT_CONCURRENCY);
    assertThat(config.timeout()).isEqualTo(WarmupConfig.DEFAULT_TIMEOUT);
  }
}
