package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.problem.Problem;

/** The rate limiter over real Jetty, inside request ids and error recovery. */
class RateLimitFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicInteger handlerCalls = new AtomicInteger();
  private RateLimitFilter filter;
  private JettyApp app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  private void start(RateLimitConfig config) throws Exception {
    filter = new RateLimitFilter(config);
    Properties properties = new Properties();
    properties.setProperty("stability.timeout.enabled", "false");
    StabilityInstaller installer = StabilityInstaller.fromProperties(properties);
    app =
        JettyApp.start(
            context -> {
              context.addFilter(
                  new FilterHolder(filter),
                  "/*",
                  EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
              HttpServlet counting =
                  new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest request, HttpServletResponse response)
                        throws IOException {
                      handlerCalls.incrementAndGet();
                      response.setContentType("text/plain");
                      response.getWriter().write("ok");
                    }
                  };
              context.addServlet(new ServletHolder(counting), "/*");
            },
            installer::install);
  }

  private static RateLimitConfig.Builder threePerSecond() {
    return RateLimitConfig.custom().limitForPeriod(3).refreshPeriod(Duration.ofSeconds(1));
  }

  @Test
  void requestOverTheLimitGets429ProblemWithRetryAfterAndTheNextWindowPasses() throws Exception {
    // Per client address: the limiter, and so its window, starts with the first request.
    start(threePerSecond().build());

    for (int i = 0; i < 3; i++) {
      assertThat(app.get("/api/donors").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> refused = app.get("/api/donors");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
        .isEqualTo(1L);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.get("status").asInt()).isEqualTo(429);
    assertThat(body.get("title").asText()).isEqualTo("Too Many Requests");
    assertThat(body.get("requestId").asText())
        .isEqualTo(refused.headers().firstValue(RequestIdFilter.DEFAULT_HEADER).orElseThrow());
    assertThat(handlerCalls).hasValue(3);

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> app.get("/api/donors").statusCode() == 200);
  }

  @Test
  void metricsCountRefusalsAndTrackedKeys() throws Exception {
    start(
        threePerSecond()
            .refreshPeriod(Duration.ofMinutes(1)) // no new window during the test
            .key(RateLimitConfig.Key.header("X-Api-Key"))
            .build());
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    new RateLimitMetrics(filter).bindTo(meters);

    for (int i = 0; i < 5; i++) {
      app.get("/api", "X-Api-Key", "A");
    }
    app.get("/api", "X-Api-Key", "B");

    assertThat(meters.get(ConcurrencyLimitMetrics.REJECTED).tag("limit", "rate").functionCounter())
        .satisfies(counter -> assertThat(counter.count()).isEqualTo(2.0));
    assertThat(meters.get(RateLimitMetrics.KEYS).gauge().value()).isEqualTo(2.0);
    // Per-key limiters are not bound one by one: no meter per client.
    assertThat(meters.find("resilience4j.ratelimiter.available.permissions").gauges()).isEmpty();
  }

  @Test
  void globalLimitIsBoundWithResilience4jsOwnGauges() throws Exception {
    start(
        threePerSecond()
            .refreshPeriod(Duration.ofMinutes(1))
            .name("everyone")
            .key(RateLimitConfig.Key.GLOBAL)
            .build());
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    new RateLimitMetrics(filter).bindTo(meters);

    app.get("/api");

    assertThat(
            meters
                .get("resilience4j.ratelimiter.available.permissions")
                .tag("name", "everyone")
                .gauge()
                .value())
        .isEqualTo(2.0);
  }

  @Test
  void exhaustedHeaderKeyDoesNotLimitAnotherKey() throws Exception {
    start(threePerSecond().key(RateLimitConfig.Key.header("X-Api-Key")).build());

    for (int i = 0; i < 3; i++) {
      app.get("/api", "X-Api-Key", "A");
    }
    assertThat(app.get("/api", "X-Api-Key", "A").statusCode()).isEqualTo(429);

    assertThat(app.get("/api", "X-Api-Key", "B").statusCode()).isEqualTo(200);
    assertThat(filter.trackedKeys()).isEqualTo(2);
  }

  @Test
  void clientAddressesAreLimitedSeparately() throws Exception {
    start(threePerSecond().build());

    for (int i = 0; i < 3; i++) {
      app.get("/api", JettyApp.REMOTE_ADDR_OVERRIDE, "192.0.2.1");
    }
    assertThat(app.get("/api", JettyApp.REMOTE_ADDR_OVERRIDE, "192.0.2.1").statusCode())
        .isEqualTo(429);
    assertThat(app.get("/api", JettyApp.REMOTE_ADDR_OVERRIDE, "192.0.2.2").statusCode())
        .isEqualTo(200);
  }

  @Test
  void healthPathsAreNeverLimited() throws Exception {
    start(threePerSecond().key(RateLimitConfig.Key.GLOBAL).build());

    for (int i = 0; i < 10; i++) {
      assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
    }
    assertThat(filter.globalRateLimiter()).isPresent();
  }
}
