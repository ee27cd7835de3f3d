package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.HealthWatchdog;
import org.raktakosh.stability.health.Status;
import org.raktakosh.stability.health.WatchdogCallback;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Background tasks and the watchdog in a real Spring Boot application over Tomcat: background
 * checks and the watchdog run on the tasks, and on close the tasks stop only after Boot's graceful
 * shutdown has let the requests in flight finish.
 */
class BackgroundTasksOverTomcatTests {

  private static final Duration AWAIT = Duration.ofSeconds(30);

  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ConfigurableApplicationContext context;

  @AfterEach
  void close() {
    if (context != null) {
      context.getBean(BlockingController.class).release.countDown();
      context.close();
    }
  }

  private int start(String... properties) {
    context =
        new SpringApplicationBuilder(TestApplication.class)
            .properties("server.port=0", "server.shutdown=graceful")
            .properties(properties)
            .run();
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @Test
  void watchdogFiresWhileLivenessIsDownAndTheEndpointSaysSo() throws Exception {
    int port =
        start(
            "stability.watchdog.interval=20ms",
            "stability.watchdog.failures=3",
            "test.heartbeat=down");
    TestApplication app = context.getBean(TestApplication.class);

    await().atMost(AWAIT).until(() -> !app.firings.isEmpty());

    assertThat(app.firings).containsExactly("liveness after 3");
    assertThat(context.getBean(HealthWatchdog.class).firings()).isEqualTo(1);
    HttpResponse<String> live = get(port, "/health/live");
    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(context.getBean(BackgroundTasks.class).names())
        .contains("health:heartbeat", "watchdog:liveness");
  }

  @Test
  void tasksStopOnlyAfterTheRequestsInFlightHaveFinished() throws Exception {
    int port = start();
    BackgroundTasks tasks = context.getBean(BackgroundTasks.class);
    BlockingController controller = context.getBean(BlockingController.class);
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/block")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(controller.started.await(30, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
    // Graceful shutdown has begun once the connector no longer accepts connections.
    await().atMost(AWAIT).until(() -> !accepts(port));

    assertThat(tasks.isStopped()).as("tasks stopped while a request was in flight").isFalse();
    assertThat(closing).isNotDone();
    controller.release.countDown();

    assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    closing.get(30, TimeUnit.SECONDS);
    assertThat(tasks.isStopped()).isTrue();
    context = null;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @RestController
  static class BlockingController {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @GetMapping("/block")
    String block() throws InterruptedException {
      started.countDown();
      release.await(60, TimeUnit.SECONDS);
      return "done";
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(BlockingController.class)
  static class TestApplication {
    final List<String> firings = new CopyOnWriteArrayList<>();

    @Bean
    HealthCheckRegistration heartbeat(org.springframework.core.env.Environment environment) {
      Status status = Status.valueOf(environment.getProperty("test.heartbeat", "up").toUpperCase());
      return HealthCheckRegistration.of(
          "heartbeat",
          () -> HealthResult.builder(status).build(),
          HealthCheckOptions.custom()
              .groups(HealthCheckOptions.LIVENESS)
              .background(Duration.ofMillis(20))
              .build());
    }

    @Bean
    WatchdogCallback pager() {
      return (group, failures, report) -> firings.add(group + " after " + failures);
    }
  }
}
