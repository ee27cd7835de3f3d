package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.internal.PathPatterns;
import org.slf4j.LoggerFactory;

class TimeoutFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "{\"ok\":true,\"padding\":\"" + "x".repeat(2000) + "\"}";

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean sawInterrupt = new AtomicBoolean();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(TimeoutFilter.class);
  private TimeoutFilter filter;
  private JettyApp app;

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    logger.detachAppender(logs);
    if (app != null) {
      app.close();
    }
    if (filter != null) {
      filter.close();
    }
  }

  /** Jetty with request ids and error recovery installed and the timeout filter inside them. */
  private void start(TimeoutConfig config, String path, HttpServlet servlet) throws Exception {
    filter = new TimeoutFilter(config);
    app =
        JettyApp.start(
            context -> {
              FilterHolder holder = new FilterHolder(filter);
              holder.setAsyncSupported(true);
              context.addFilter(
                  holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
              ServletHolder servletHolder = new ServletHolder(servlet);
              servletHolder.setAsyncSupported(true);
              context.addServlet(servletHolder, path);
            },
            StabilityInstaller.withDefaults()::install);
    app.get("/warm-up"); // load client, connection and filters outside any measurement
  }

  private static TimeoutConfig timeout(Duration duration) {
    return TimeoutConfig.custom().duration(duration).build();
  }

  /** A handler that waits up to {@code millis} (interruptibly), then writes {@link #BODY}. */
  private HttpServlet waiting(long millis) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        try {
          release.await(millis, TimeUnit.MILLISECONDS); // the work this handler stands for
        } catch (InterruptedException e) {
          sawInterrupt.set(true);
        }
        writeBody(response);
      }
    };
  }

  private static void writeBody(HttpServletResponse response) throws IOException {
    byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }

  private List<String> logged(Level level) {
    synchronized (logs) { // AppenderBase appends under the appender's own lock
      return logs.list.stream()
          .filter(e -> e.getLevel() == level)
          .map(ILoggingEvent::getFormattedMessage)
          .collect(Collectors.toList());
    }
  }

  @Test
  void handlerPastItsDeadlineIsAnswered503InUnderTwoSecondsAndInterrupted() throws Exception {
    start(timeout(Duration.ofSeconds(1)), "/slow", waiting(10_000));

    long begin = System.nanoTime();
    HttpResponse<String> response = app.get("/slow");
    Duration took = Duration.ofNanos(System.nanoTime() - begin);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(503);
    assertThat(problem.get("requestId").asText())
        .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(response.body()).doesNotContain("padding");
    await().atMost(Duration.ofSeconds(10)).untilTrue(sawInterrupt);
    assertThat(filter.timeouts()).isEqualTo(1);
    assertThat(logged(Level.WARN)).isEmpty();
  }

  @Test
  void timeoutStatusAndRetryAfterAreConfigurable() throws Exception {
    start(
        TimeoutConfig.custom()
            .duration(Duration.ofMillis(200))
            .status(504)
            .retryAfter(Duration.ofSeconds(5))
            .build(),
        "/slow",
        waiting(10_000));

    HttpResponse<String> response = app.get("/slow");

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    assertThat(JSON.readTree(response.body()).get("title").asText()).isEqualTo("Gateway Timeout");
  }

  @Test
  void interruptIsDeliveredWhileRunningAndClearedBeforeTheThreadMovesOn() throws Exception {
    filter = new TimeoutFilter(timeout(Duration.ofMillis(100)));
    FakeHttp http = new FakeHttp();
    AtomicBoolean interruptedInside = new AtomicBoolean();

    filter.doFilter(
        http.request,
        http.response,
        (request, response) -> {
          // Ignore the interrupt (no blocking call), just watch for it.
          long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (!Thread.currentThread().isInterrupted() && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
          }
          interruptedInside.set(Thread.currentThread().isInterrupted());
        });

    assertThat(interruptedInside).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(http.status).isEqualTo(503);
  }

  @Test
  void requestThatEndsInTimeIsNeverInterruptedLater() throws Exception {
    filter = new TimeoutFilter(timeout(Duration.ofMillis(200)));
    FakeHttp http = new FakeHttp();

    filter.doFilter(http.request, http.response, (request, response) -> {});

    assertThat(filter.pendingDeadlines()).isZero();
    // Past the deadline that was cancelled: nothing may reach this thread.
    CountDownLatch pause = new CountDownLatch(1);
    assertThat(pause.await(400, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(filter.timeouts()).isZero();
  }

  @Test
  void thousandRequestsAroundTheDeadlineEachGetOneWholeAnswer() throws Exception {
    start(
        timeout(Duration.ofMillis(50)),
        "/edge",
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            try {
              Thread.onSpinWait();
              release.await(ThreadLocalRandom.current().nextLong(40, 61), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              // answered by the filter; the write below is dropped
            }
            writeBody(response);
          }
        });
    int baselineTimerThreads = timerThreads();

    int ok = 0;
    int timedOut = 0;
    for (int round = 0; round < 50; round++) {
      List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(app.getAsync("/edge"));
      }
      for (CompletableFuture<HttpResponse<String>> future : batch) {
        HttpResponse<String> response = future.get(30, TimeUnit.SECONDS);
        if (response.statusCode() == 200) {
          assertThat(response.body()).isEqualTo(BODY);
          ok++;
        } else {
          assertThat(response.statusCode()).isEqualTo(503);
          JsonNode problem = JSON.readTree(response.body());
          assertThat(problem.get("status").asInt()).isEqualTo(503);
          assertThat(response.body()).doesNotContain("padding");
          timedOut++;
        }
      }
    }

    assertThat(ok + timedOut).isEqualTo(1000);
    assertThat(timedOut).isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> filter.pendingDeadlines() == 0);
    assertThat(timerThreads()).isEqualTo(baselineTimerThreads);
  }

  private static int timerThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().equals("stability-timeout"))
            .count();
  }

  @Test
  void committedResponseIsCutOffWithOneWarn() throws Exception {
    start(
        timeout(Duration.ofMillis(300)),
        "/partial",
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            response.setContentType("text/plain");
            response.getOutputStream().write("partial".getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              sawInterrupt.set(true);
            }
          }
        });

    // Whatever the handler meant to write next is lost: the client must see a body cut short,
    // not a "partial" that looks whole.
    assertThatThrownBy(() -> app.get("/partial")).isInstanceOf(IOException.class);
    await().atMost(Duration.ofSeconds(10)).untilTrue(sawInterrupt);
    assertThat(filter.committedTimeouts()).isEqualTo(1);
    assertThat(logged(Level.WARN)).singleElement().asString().contains("already committed");
  }

  @Test
  void eventStreamsAreNotTimed() throws Exception {
    start(timeout(Duration.ofMillis(100)), "/events", waiting(400));

    HttpResponse<String> response = app.get("/events", "Accept", "text/event-stream");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(filter.timeouts()).isZero();
  }

  @Test
  void webSocketUpgradesAreNotTimedButOtherUpgradeOffersAre() throws Exception {
    filter = new TimeoutFilter(timeout(Duration.ofMillis(50)));
    FakeHttp webSocket = new FakeHttp();
    webSocket.requestHeaders.put("Upgrade", "websocket");
    FakeHttp h2c = new FakeHttp();
    h2c.requestHeaders.put("Upgrade", "h2c");
    jakarta.servlet.FilterChain slow =
        (request, response) -> {
          try {
            release.await(300, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            sawInterrupt.set(true);
          }
        };

    filter.doFilter(webSocket.request, webSocket.response, slow);
    filter.doFilter(h2c.request, h2c.response, slow);

    assertThat(webSocket.status).isEqualTo(200);
    assertThat(h2c.status).isEqualTo(503);
    assertThat(filter.timeouts()).isEqualTo(1);
  }

  @Test
  void pathOverridesAndExclusionsApply() throws Exception {
    start(
        TimeoutConfig.custom()
            .duration(Duration.ofMillis(100))
            .override("/reports/**", Duration.ofSeconds(5))
            .exclude("/exports/*")
            .build(),
        "/*",
        waiting(400));

    assertThat(app.get("/reports/2026/nov").statusCode()).isEqualTo(200);
    assertThat(app.get("/exports/all").statusCode()).isEqualTo(200);
    assertThat(app.get("/donors").statusCode()).isEqualTo(503);
  }

  @Test
  void zeroDurationDisablesTheTimeout() throws Exception {
    start(timeout(Duration.ZERO), "/slow", waiting(300));

    assertThat(app.get("/slow").statusCode()).isEqualTo(200);
    assertThat(filter.pendingDeadlines()).isZero();
  }

  @Test
  void asyncRequestIsTimedUntilItsCycleEnds() throws Exception {
    start(
        timeout(Duration.ofMillis(300)),
        "/async",
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            request.startAsync(); // and never completed: only the deadline ends it
          }
        });

    long begin = System.nanoTime();
    HttpResponse<String> response = app.get("/async");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(503);
    assertThat(filter.timeouts()).isEqualTo(1);
  }

  @Test
  void asyncResponseTimingOutAfterCommitIsCutOffOnceTheFilterHasSeenAnAsyncDispatch()
      throws Exception {
    AtomicInteger asyncRuns = new AtomicInteger();
    start(
        timeout(Duration.ofMillis(300)),
        "/async-partial",
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            if (request.getDispatcherType() == DispatcherType.ASYNC) {
              asyncRuns.incrementAndGet();
              response.getWriter().write("dispatched");
              return;
            }
            AsyncContext async = request.startAsync();
            if (request.getParameter("dispatch") != null) {
              async.dispatch();
              return;
            }
            response.setContentType("text/plain");
            response.getOutputStream().write("partial".getBytes(StandardCharsets.UTF_8));
            response.flushBuffer(); // committed; never completed: only the deadline ends it
          }
        });

    // Before any ASYNC dispatch has passed, a dispatch might reach this servlet again: completed.
    assertThat(app.get("/async-partial").body()).isEqualTo("partial");
    assertThat(app.get("/async-partial?dispatch=1").body()).isEqualTo("dispatched");
    // Now cut off: the client sees the body is incomplete, and the servlet did not run again.
    assertThatThrownBy(() -> app.get("/async-partial")).isInstanceOf(IOException.class);
    assertThat(asyncRuns).hasValue(1);
    assertThat(filter.committedTimeouts()).isEqualTo(2);
    assertThat(app.get("/async-partial?dispatch=1").body()).isEqualTo("dispatched");
  }

  @Test
  void handlerIgnoringItsInterruptIsCountedAsStuckUntilItEnds() throws Exception {
    AtomicInteger spins = new AtomicInteger();
    start(
        TimeoutConfig.custom()
            .duration(Duration.ofMillis(100))
            .stuckAfter(Duration.ofMillis(200))
            .build(),
        "/stuck",
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            while (release.getCount() > 0) { // ignores interrupts on purpose
              spins.incrementAndGet();
              Thread.onSpinWait();
            }
          }
        });

    CompletableFuture<HttpResponse<String>> response = app.getAsync("/stuck");

    assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    await().atMost(Duration.ofSeconds(10)).until(() -> filter.stuckRequests() == 1);
    // the count goes up just before the WARN is written, on the timer thread
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(logged(Level.WARN))
                    .anySatisfy(line -> assertThat(line).contains("is stuck")));
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> filter.stuckRequests() == 0);
    assertThat(filter.stuckTotal()).isEqualTo(1);
  }

  @Test
  void installerMountsTheTimeoutFromProperties() throws Exception {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("stability.timeout.duration", "200ms");
    StabilityInstaller installer = StabilityInstaller.fromProperties(properties);
    app =
        JettyApp.start(
            context -> context.addServlet(new ServletHolder(waiting(5_000)), "/slow"),
            installer::install);

    HttpResponse<String> response = app.get("/slow");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(installer.timeoutFilter().orElseThrow().timeouts()).isEqualTo(1);
  }

  @Test
  void installerMountedTimeoutCutsOffAnAsyncResponseCommittedAtItsDeadlineAtOnce()
      throws Exception {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("stability.timeout.duration", "300ms");
    StabilityInstaller installer = StabilityInstaller.fromProperties(properties);
    HttpServlet committingAsync =
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            request.startAsync();
            response.setContentType("text/plain");
            // Enough to be compressed for a client that accepts gzip.
            response.getOutputStream().write("x".repeat(16_384).getBytes(StandardCharsets.UTF_8));
            response.flushBuffer(); // committed; never completed: only the deadline ends it
          }
        };
    app =
        JettyApp.start(
            context -> {
              ServletHolder holder = new ServletHolder(committingAsync);
              holder.setAsyncSupported(true);
              context.addServlet(holder, "/async-partial");
            },
            installer::install);

    // Mounted by the installer for ASYNC dispatches: no dispatch needs to pass first.
    assertThatThrownBy(() -> app.get("/async-partial")).isInstanceOf(IOException.class);
    assertThat(installer.timeoutFilter().orElseThrow().committedTimeouts()).isEqualTo(1);
    // Compressed: the cut-off dispatch never reaches the gzip filter, yet its deflater comes back.
    assertThatThrownBy(() -> app.get("/async-partial", "Accept-Encoding", "gzip"))
        .isInstanceOf(IOException.class);
    GzipFilter gzip = installer.gzipFilter().orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> gzip.deflatersInUse() == 0);
    assertThat(gzip.deflatersIdle()).isPositive(); // it did compress
  }

  @Test
  void metricsFollowTheFiltersCounters() throws Exception {
    filter =
        new TimeoutFilter(
            TimeoutConfig.custom()
                .duration(Duration.ofMillis(50))
                .stuckAfter(Duration.ofMillis(50))
                .build());
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    new TimeoutMetrics(filter).bindTo(meters);
    FakeHttp http = new FakeHttp();

    filter.doFilter(
        http.request,
        http.response,
        (request, response) -> {
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            sawInterrupt.set(true);
          }
        });

    assertThat(
            meters.get(TimeoutMetrics.TIMEOUTS).tag("committed", "false").functionCounter().count())
        .isEqualTo(1);
    assertThat(
            meters.get(TimeoutMetrics.TIMEOUTS).tag("committed", "true").functionCounter().count())
        .isZero();
    assertThat(meters.get(TimeoutMetrics.STUCK).gauge().value()).isZero();
    assertThat(meters.get(TimeoutMetrics.STUCK_TOTAL).functionCounter().count()).isZero();
  }

  @Test
  void badSettingsAreRejectedNamingThem() {
    assertThatThrownBy(() -> TimeoutConfig.custom().duration(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("duration");
    assertThatThrownBy(() -> TimeoutConfig.custom().status(500)).hasMessageStartingWith("status");
    assertThatThrownBy(() -> TimeoutConfig.custom().stuckAfter(Duration.ZERO))
        .hasMessageStartingWith("stuckAfter");
    assertThatThrownBy(() -> TimeoutConfig.custom().override("reports", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void antPatternsMatchAsSpringUsersExpect() {
    Pattern all = PathPatterns.compile("/api/**");
    Pattern one = PathPatterns.compile("/files/*.csv");
    Pattern middle = PathPatterns.compile("/a/**/z");

    assertThat(all.matcher("/api").matches()).isTrue();
    assertThat(all.matcher("/api/donors/7").matches()).isTrue();
    assertThat(all.matcher("/apix").matches()).isFalse();
    assertThat(one.matcher("/files/x.csv").matches()).isTrue();
    assertThat(one.matcher("/files/a/x.csv").matches()).isFalse();
    assertThat(middle.matcher("/a/b/c/z").matches()).isTrue();
    assertThat(middle.matcher("/a/z").matches()).isTrue();
  }
}
