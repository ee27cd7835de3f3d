package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load-shedding filters as {@link StabilityInstaller} mounts them from properties. */
class InstalledLoadSheddingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger inHandler = new AtomicInteger();
  private JettyApp app;

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (app != null) {
      app.close();
    }
  }

  private void start(String... keyValues) throws Exception {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    app =
        JettyApp.start(
            context ->
                context.addServlet(
                    new ServletHolder(
                        new HttpServlet() {
                          @Override
                          protected void doGet(
                              HttpServletRequest request, HttpServletResponse response)
                              throws jakarta.servlet.ServletException {
                            inHandler.incrementAndGet();
                            try {
                              release.await(10, TimeUnit.SECONDS); // held until the test says
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                            response.setStatus(204);
                          }
                        }),
                    "/work"),
            StabilityInstaller.fromProperties(properties)::install);
  }

  @Test
  void concurrencyLimitFromPropertiesRefusesTheRequestOverTheLimit() throws Exception {
    start(
        "stability.concurrency-limit.enabled", "true",
        "stability.concurrency-limit.max-concurrent", "1");
    CompletableFuture<HttpResponse<String>> first = app.getAsync("/work");
    await().atMost(Duration.ofSeconds(10)).until(() -> inHandler.get() == 1);

    HttpResponse<String> second = app.get("/work");
    HttpResponse<String> health = app.get("/health");

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).contains("1");
    assertThat(JSON.readTree(second.body()).get("requestId").asText())
        .isEqualTo(second.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(health.statusCode()).isEqualTo(200);
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    assertThat(inHandler.get()).isEqualTo(1);
  }

  @Test
  void healthServletBypassesTheLimitWhereverItIsMounted() throws Exception {
    // Not under /health, the default excluded prefix: the servlet's mapping is what lets it by.
    start(
        "stability.concurrency-limit.enabled", "true",
        "stability.concurrency-limit.max-concurrent", "1",
        "stability.rate-limit.enabled", "true",
        "stability.rate-limit.limit-for-period", "1",
        "stability.rate-limit.refresh-period", "1m",
        "stability.health.path", "/status");
    CompletableFuture<HttpResponse<String>> first = app.getAsync("/work");
    await().atMost(Duration.ofSeconds(10)).until(() -> inHandler.get() == 1);

    assertThat(app.get("/work").statusCode()).isEqualTo(429);
    for (int i = 0; i < 3; i++) {
      assertThat(app.get("/status").statusCode()).isEqualTo(200);
      assertThat(app.get("/status/live").statusCode()).isEqualTo(200);
    }
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
  }

  @Test
  void rateLimitFromPropertiesAnswers429PastTheLimit() throws Exception {
    release.countDown();
    start(
        "stability.rate-limit.enabled", "true",
        "stability.rate-limit.limit-for-period", "2",
        "stability.rate-limit.refresh-period", "1m");

    assertThat(app.get("/work").statusCode()).isEqualTo(204);
    assertThat(app.get("/work").statusCode()).isEqualTo(204);
    HttpResponse<String> third = app.get("/work");

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 60L);
    assertThat(JSON.readTree(third.body()).get("status").asInt()).isEqualTo(429);
    assertThat(app.get("/health").statusCode()).isEqualTo(200);
  }
}
