package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.raktakosh.stability.shutdown.ShutdownState;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The shutdown of a real Spring Boot application on Tomcat, closed while 200 one-second requests
 * are in flight, with Boot's own graceful shutdown of the web server on (its default) and off:
 * every accepted request completes, later ones get 503 with {@code Connection: close}, readiness is
 * DOWN from the first moment while liveness stays UP, and the context closes within the grace
 * period.
 */
class GracefulShutdownOverTomcatTests {

  private static final int IN_FLIGHT = 200;
  private static final Duration GRACE = Duration.ofSeconds(10);

  static final AtomicInteger inHandler = new AtomicInteger();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private int port;

  @ParameterizedTest(name = "server.shutdown={0}")
  @ValueSource(strings = {"graceful", "immediate"})
  void closingTheContextDrainsEveryAcceptedRequest(String serverShutdown) throws Exception {
    inHandler.set(0);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TestApplication.class)
            .properties(
                "server.port=0",
                "server.shutdown=" + serverShutdown,
                // Room for the 200 in flight plus the probes and the refused.
                "server.tomcat.threads.max=" + (IN_FLIGHT + 100),
                "stability.shutdown.grace-period=" + GRACE.toSeconds() + "s",
                "spring.main.banner-mode=off")
            .run();
    port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    GracefulShutdown shutdown = context.getBean(GracefulShutdown.class);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);

    List<CompletableFuture<HttpResponse<String>>> accepted = new ArrayList<>();
    for (int i = 0; i < IN_FLIGHT; i++) {
      accepted.add(client.sendAsync(request("/work"), HttpResponse.BodyHandlers.ofString()));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> inHandler.get() == IN_FLIGHT);

    long signal = System.nanoTime();
    CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
    await().atMost(Duration.ofSeconds(5)).until(() -> !shutdown.isAccepting());

    HttpResponse<String> ready = get("/health/ready");
    HttpResponse<String> live = get("/health/live");
    HttpResponse<String> refused = get("/work");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(live.statusCode()).isEqualTo(200);
    JsonNode problem = ErrorsOverTomcatTests.problem(refused, 503);
    assertThat(refused.headers().firstValue("Connection")).contains("close");
    assertThat(refused.headers().firstValue("Retry-After")).contains("5");
    assertThat(problem.get("requestId").asString())
        .isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());

    for (CompletableFuture<HttpResponse<String>> response : accepted) {
      HttpResponse<String> answer = response.get(30, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("done");
    }
    closed.get(GRACE.toSeconds() + 5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - signal)).isLessThan(GRACE.plusSeconds(1));
    assertThat(context.isActive()).isFalse();
    assertThat(shutdown.state()).isEqualTo(ShutdownState.STOPPED);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  @RestController
  static class Work {
    @GetMapping("/work")
    String work() throws InterruptedException {
      inHandler.incrementAndGet();
      Thread.sleep(1_000);
      return "done";
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Work.class)
  static class TestApplication {}
}
