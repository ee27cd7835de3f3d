package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.problem.Problem;

/**
 * The bulkhead over real Jetty, inside {@link RequestIdFilter} and {@link ErrorRecoveryFilter} as
 * the installer mounts them, so that refusals carry request ids and exceptions pass through.
 */
class ConcurrencyLimitFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Released by each test (and in {@link #stop}) to let blocked handlers finish. */
  private final CountDownLatch release = new CountDownLatch(1);

  private final AtomicInteger holdCalls = new AtomicInteger();
  private final AtomicInteger abortCalls = new AtomicInteger();
  private final BlockingQueue<AsyncContext> heldAsync = new LinkedBlockingQueue<>();
  private ConcurrencyLimitFilter filter;
  private JettyApp app;

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    for (AsyncContext async : heldAsync) {
      async.complete();
    }
    if (app != null) {
      app.close();
    }
  }

  private void start(ConcurrencyLimitConfig config) throws Exception {
    filter = new ConcurrencyLimitFilter(config);
    Properties properties = new Properties();
    // The timeout filter is not under test here.
    properties.setProperty("stability.timeout.enabled", "false");
    StabilityInstaller installer = StabilityInstaller.fromProperties(properties);
    app = JettyApp.start(this::configure, installer::install);
  }

  private void configure(ServletContextHandler context) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    // Mapped for ASYNC and ERROR too, to show that those dispatches take no second permit.
    context.addFilter(
        holder,
        "/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
    servlet(context, "/ok", (request, response) -> text(response, "ok"));
    servlet(context, "/healthz", (request, response) -> text(response, "not a probe"));
    servlet(context, "/health", (request, response) -> text(response, "UP"));
    servlet(context, "/health/*", (request, response) -> text(response, "UP"));
    servlet(
        context,
        "/hold",
        (request, response) -> {
          holdCalls.incrementAndGet();
          awaitRelease();
          text(response, "held");
        });
    servlet(
        context,
        "/boom",
        (request, response) -> {
          throw new IllegalStateException("boom");
        });
    servlet(
        context,
        "/async",
        (request, response) -> {
          AsyncContext async = request.startAsync();
          async.start(
              () -> {
                text((HttpServletResponse) async.getResponse(), "async");
                async.complete();
              });
        });
    servlet(
        context,
        "/async-dispatch",
        (request, response) -> {
          if (request.getDispatcherType() == DispatcherType.ASYNC) {
            text(response, "dispatched");
            return;
          }
          AsyncContext async = request.startAsync();
          async.start(async::dispatch);
        });
    servlet(
        context,
        "/async-held",
        (request, response) -> {
          AsyncContext async = request.startAsync();
          async.setTimeout(0);
          heldAsync.add(async);
        });
    servlet(
        context,
        "/async-timeout",
        (request, response) -> {
          if (request.getDispatcherType() == DispatcherType.REQUEST) {
            // Never completed: the container times it out and answers through an ERROR dispatch.
            request.startAsync().setTimeout(200);
          }
        });
    servlet(
        context,
        "/abort",
        (request, response) -> {
          abortCalls.incrementAndGet();
          awaitRelease();
          // By now the client has gone: writing and flushing fails or is discarded.
          response.setContentType("text/plain");
          byte[] chunk = new byte[64 * 1024];
          for (int i = 0; i < 16; i++) {
            response.getOutputStream().write(chunk);
            response.flushBuffer();
          }
        });
  }

  @Test
  void requestOverTheLimitGets503ProblemWithRetryAfterAndNeverReachesTheHandler() throws Exception {
    start(ConcurrencyLimitConfig.custom().maxConcurrent(2).build());
    List<CompletableFuture<HttpResponse<String>>> held = holdTwo();

    HttpResponse<String> refused = app.get("/hold");

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.get("status").asInt()).isEqualTo(503);
    assertThat(body.get("instance").asText()).isEqualTo("/hold");
    assertThat(body.get("requestId").asText())
        .isEqualTo(refused.headers().firstValue(RequestIdFilter.DEFAULT_HEADER).orElseThrow());
    assertThat(holdCalls).hasValue(2);

    release.countDown();
    for (CompletableFuture<HttpResponse<String>> response : held) {
      assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("held");
    }
    awaitAllPermitsBack(2);
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUp() throws Exception {
    start(
        ConcurrencyLimitConfig.custom()
            .maxConcurrent(1)
            .retryAfter(Duration.ofMillis(2500))
            .build());
    CompletableFuture<HttpResponse<String>> held = app.getAsync("/hold");
    await().atMost(WAIT).until(() -> holdCalls.get() == 1);

    assertThat(app.get("/ok").headers().firstValue("Retry-After")).contains("3");

    release.countDown();
    assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void healthPathsBypassTheLimitButLookalikesDoNot() throws Exception {
    start(ConcurrencyLimitConfig.custom().maxConcurrent(2).build());
    holdTwo();

    assertThat(app.get("/health").statusCode()).isEqualTo(200);
    assertThat(app.get("/health/ready").body()).isEqualTo("UP");
    assertThat(app.get("/healthz").statusCode()).isEqualTo(503);
  }

  @Test
  void asyncRequestHoldsItsPermitUntilItsAsyncCycleEnds() throws Exception {
    start(ConcurrencyLimitConfig.custom().maxConcurrent(1).build());
    CompletableFuture<HttpResponse<String>> pending = app.getAsync("/async-held");
    AsyncContext async = heldAsync.poll(10, TimeUnit.SECONDS);
    assertThat(async).isNotNull();

    // The request's thread is back in the pool, yet the request still counts.
    assertThat(app.get("/ok").statusCode()).isEqualTo(503);
    assertThat(filter.bulkhead().getMetrics().getAvailableConcurrentCalls()).isZero();

    heldAsync.remove(async);
    text((HttpServletResponse) async.getResponse(), "late");
    async.complete();
    assertThat(pending.get(10, TimeUnit.SECONDS).body()).isEqualTo("late");
    awaitAllPermitsBack(1);
    assertThat(app.get("/ok").statusCode()).isEqualTo(200);
  }

  @Test
  void asyncDispatchTakesNoSecondPermit() throws Exception {
    start(ConcurrencyLimitConfig.custom().maxConcurrent(1).build());

    HttpResponse<String> response = app.get("/async-dispatch");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("dispatched");
    awaitAllPermitsBack(1);
  }

  @Test
  void asyncTimeoutAndItsErrorDispatchReleaseThePermitOnce() throws Exception {
    start(ConcurrencyLimitConfig.custom().maxConcurrent(1).build());

    HttpResponse<String> response = app.get("/async-timeout");

    assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
    awaitAllPermitsBack(1);
    assertThat(app.get("/ok").statusCode()).isEqualTo(200);
    awaitAllPermitsBack(1);
  }

  @Test
  void exceptionIsRethrownToErrorRecoveryAndReleasesThePermit() throws Exception {
    start(ConcurrencyLimitConfig.custom().maxConcurrent(1).build());

    HttpResponse<String> response = app.get("/boom");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(500);
    awaitAllPermitsBack(1);
    assertThat(app.get("/ok").statusCode()).isEqualTo(200);
  }

  @Test
  void permitsReturnToMaxAfterSuccessesExceptionsAsyncRequestsTimeoutsAndAnAbort()
      throws Exception {
    // Room for the whole mix, so that every request reaches its handler.
    int max = 20;
    start(ConcurrencyLimitConfig.custom().maxConcurrent(max).build());

    try (Socket socket = new Socket("127.0.0.1", port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /abort HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(WAIT).until(() -> abortCalls.get() == 1);
    }
    // The client has gone while its handler still holds a permit.
    assertThat(filter.bulkhead().getMetrics().getAvailableConcurrentCalls()).isEqualTo(max - 1);

    Map<String, Integer> expected =
        Map.of("/ok", 200, "/boom", 500, "/async", 200, "/async-dispatch", 200);
    List<Map.Entry<String, CompletableFuture<HttpResponse<String>>>> mix = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      for (String path : List.of("/ok", "/boom", "/async", "/async-dispatch", "/async-timeout")) {
        mix.add(Map.entry(path, app.getAsync(path)));
      }
    }
    release.countDown();
    for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> call : mix) {
      int status = call.getValue().get(10, TimeUnit.SECONDS).statusCode();
      if (call.getKey().equals("/async-timeout")) {
        assertThat(status).as(call.getKey()).isGreaterThanOrEqualTo(500);
      } else {
        assertThat(status).as(call.getKey()).isEqualTo(expected.get(call.getKey()));
      }
    }

    awaitAllPermitsBack(max);
    assertThat(abortCalls).hasValue(1);
  }

  @Test
  void metricsCountRefusalsAndShowResilience4jBulkheadGauges() throws Exception {
    start(ConcurrencyLimitConfig.custom().name("api").maxConcurrent(2).build());
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    new ConcurrencyLimitMetrics(filter).bindTo(meters);
    List<CompletableFuture<HttpResponse<String>>> held = holdTwo();

    assertThat(app.get("/hold").statusCode()).isEqualTo(503);
    assertThat(app.get("/hold").statusCode()).isEqualTo(503);

    assertThat(
            meters
                .get(ConcurrencyLimitMetrics.REJECTED)
                .tag("limit", "concurrency")
                .functionCounter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            meters
                .get("resilience4j.bulkhead.available.concurrent.calls")
                .tag("name", "api")
                .gauge()
                .value())
        .isZero();
    assertThat(
            meters
                .get("resilience4j.bulkhead.max.allowed.concurrent.calls")
                .tag("name", "api")
                .gauge()
                .value())
        .isEqualTo(2.0);
    release.countDown();
    for (CompletableFuture<HttpResponse<String>> response : held) {
      response.get(10, TimeUnit.SECONDS);
    }
    awaitAllPermitsBack(2);
    assertThat(
            meters
                .get("resilience4j.bulkhead.available.concurrent.calls")
                .tag("name", "api")
                .gauge()
                .value())
        .isEqualTo(2.0);
  }

  private List<CompletableFuture<HttpResponse<String>>> holdTwo() {
    List<CompletableFuture<HttpResponse<String>>> held =
        List.of(app.getAsync("/hold"), app.getAsync("/hold"));
    await().atMost(WAIT).until(() -> holdCalls.get() == 2);
    return held;
  }

  private void awaitAllPermitsBack(int max) {
    await()
        .atMost(WAIT)
        .until(() -> filter.bulkhead().getMetrics().getAvailableConcurrentCalls() == max);
  }

  private int port() {
    String url = app.baseUrl();
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  private void awaitRelease() {
    try {
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test never released the handler");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void text(HttpServletResponse response, String body) {
    try {
      response.setContentType("text/plain");
      response.getWriter().write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A servlet body that may throw anything unchecked. */
  private interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
  }

  private static void servlet(ServletContextHandler context, String path, Handler handler) {
    ServletHolder holder =
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                handler.handle(request, response);
              }
            });
    holder.setAsyncSupported(true);
    context.addServlet(holder, path);
  }
}
