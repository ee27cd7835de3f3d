package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tomcat with a single worker thread, so that the request after a timed-out one runs on the very
 * thread that was interrupted: the interrupt must not follow the thread into it.
 */
@SpringBootTest(
    classes = TimeoutOnOneWorkerThreadOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "stability.timeout.duration=1s",
      "stability.health.enabled=false",
      "server.tomcat.threads.max=1",
      "server.tomcat.threads.min-spare=1"
    })
class TimeoutOnOneWorkerThreadOverTomcatTests {

  static volatile CountDownLatch release = new CountDownLatch(1);

  /** Thread name of the timed-out request, set once it has seen its interrupt. */
  static final AtomicReference<String> interruptedThread = new AtomicReference<>();

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort private int port;

  @AfterEach
  void releaseHandlers() {
    release.countDown();
  }

  @Test
  void nextRequestOnTheInterruptedThreadDoesNotSeeTheInterrupt() throws Exception {
    HttpResponse<String> timedOut = get("/slow");
    assertThat(timedOut.statusCode()).isEqualTo(503);
    await().atMost(Duration.ofSeconds(5)).until(() -> interruptedThread.get() != null);

    HttpResponse<String> next = get("/entry");

    assertThat(next.statusCode()).isEqualTo(200);
    Map<String, Object> seen = ErrorsOverTomcatTests.JSON.readValue(next.body(), Map.class);
    assertThat(seen.get("thread")).as("the only worker thread").isEqualTo(interruptedThread.get());
    assertThat(seen.get("interrupted")).isEqualTo(false);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @RestController
  static class ThreadController {

    /**
     * Blocks until interrupted, then restores the interrupt flag, as well-behaved code does: the
     * filter must still hand the thread back clean.
     */
    @GetMapping("/slow")
    String slow() {
      try {
        release.await(10, TimeUnit.SECONDS);
        return "finished";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        interruptedThread.set(Thread.currentThread().getName());
        return "interrupted";
      }
    }

    /** What the next request sees on entry. */
    @GetMapping("/entry")
    Map<String, Object> entry() {
      return Map.of(
          "interrupted",
          Thread.currentThread().isInterrupted(),
          "thread",
          Thread.currentThread().getName());
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(ThreadController.class)
  static class TestApplication {}
}
