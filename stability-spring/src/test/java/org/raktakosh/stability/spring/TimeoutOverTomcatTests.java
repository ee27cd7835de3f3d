package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.servlet.TimeoutFilter;
import org.raktakosh.stability.servlet.TimeoutMetrics;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/**
 * The timeout filter in a real Spring Boot application over Tomcat: blocking handlers, Spring MVC
 * async handlers ({@code CompletableFuture}, {@code Callable}) and a per-path override. Spring
 * MVC's own async timeout ({@code spring.mvc.async.request-timeout}) is left unset, as in most
 * applications, so Tomcat's 30 s default is what the filter lowers.
 */
@SpringBootTest(
    classes = TimeoutOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "stability.timeout.duration=1s",
      "stability.timeout.paths[/reports/**]=5s",
      "stability.health.enabled=false"
    })
class TimeoutOverTomcatTests {

  private static final String HEADER = RequestIdFilter.DEFAULT_HEADER;

  /** What a handler writes after its timeout; it must never reach the client. */
  static final String LATE = "written-after-the-timeout";

  /** Counted down after each test, so that no handler outlives it. */
  static volatile CountDownLatch release = new CountDownLatch(1);

  static final AtomicBoolean handlerInterrupted = new AtomicBoolean();
  static final AtomicBoolean lateWriteReturned = new AtomicBoolean();
  static final AtomicBoolean callableInterrupted = new AtomicBoolean();

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort private int port;

  @Autowired private TimeoutFilter filter;

  @Autowired private MeterRegistry meters;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void reset() throws Exception {
    release = new CountDownLatch(1);
    handlerInterrupted.set(false);
    lateWriteReturned.set(false);
    callableInterrupted.set(false);
    // Warm up: the first request of a context pays for class loading and the DispatcherServlet.
    assertThat(get("/fast").statusCode()).isEqualTo(200);
    logs.start();
    rootLogger().addAppender(logs);
  }

  @AfterEach
  void releaseHandlers() {
    release.countDown();
    rootLogger().detachAppender(logs);
  }

  @Test
  void slowHandlerIsAnswered503WithinTwoSeconds() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = get("/slow");
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    JsonNode problem = ErrorsOverTomcatTests.problem(response, 503);
    assertThat(elapsed)
        .isGreaterThanOrEqualTo(Duration.ofMillis(900))
        .isLessThan(Duration.ofSeconds(2));
    assertThat(problem.get("title").asString()).isEqualTo("Service Unavailable");
    assertThat(problem.get("instance").asString()).isEqualTo("/slow");
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
    assertThat(response.headers().firstValue("Connection")).contains("close");
  }

  @Test
  void slowHandlerIsInterrupted() throws Exception {
    get("/slow");

    await().atMost(Duration.ofSeconds(5)).untilTrue(handlerInterrupted);
  }

  @Test
  void writesAfterTheTimeoutNeverReachTheClientAndFailNothing() throws Exception {
    HttpResponse<String> response = get("/slow");

    await().atMost(Duration.ofSeconds(5)).untilTrue(lateWriteReturned);
    assertThat(response.body()).doesNotContain(LATE);
    ErrorsOverTomcatTests.problem(response, 503);
    // Discarded silently: no "already committed" complaint from Spring, Tomcat or the filters.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(filter.pendingDeadlines()).isZero());
    assertThat(warnings()).isEmpty();
  }

  @Test
  void timeoutIsCounted() throws Exception {
    double before = timeouts();

    get("/slow");

    assertThat(timeouts()).isEqualTo(before + 1);
  }

  @Test
  void pathOverrideLetsAReportRunPastTheDefaultTimeout() throws Exception {
    HttpResponse<String> response = get("/reports/annual");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("report");
  }

  @Test
  void completableFutureThatNeverCompletesIsAnsweredWithOne503Problem() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = get("/never");
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    JsonNode problem = ErrorsOverTomcatTests.problem(response, 503);
    assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
    assertThat(problem.get("instance").asString()).isEqualTo("/never");
  }

  @Test
  void callableThatNeverCompletesIsAnsweredWithOne503Problem() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = get("/callable-never");
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    JsonNode problem = ErrorsOverTomcatTests.problem(response, 503);
    assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
    // Spring MVC cancels the Callable's task at the async timeout, which interrupts it.
    await().atMost(Duration.ofSeconds(5)).untilTrue(callableInterrupted);
  }

  @Test
  void streamingBodyCommittedAndStuckPastItsTimeoutIsCutOff() throws Exception {
    long before = filter.committedTimeouts();

    // The client must see that the stream ended short, not a body that looks whole.
    assertThatThrownBy(() -> get("/stream-stuck")).isInstanceOf(IOException.class);
    assertThat(filter.committedTimeouts()).isEqualTo(before + 1);
    assertThat(get("/fast").body()).isEqualTo("fast");
  }

  @Test
  void asyncTimeoutsLogNoWarningOfTheirOwn() throws Exception {
    get("/never");
    get("/callable-never");

    await().atMost(Duration.ofSeconds(5)).untilTrue(callableInterrupted);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(filter.pendingDeadlines()).isZero());
    // Spring MVC reports resolving its own AsyncRequestTimeoutException at WARN on every async
    // timeout, with or without this filter; nothing else may warn: no "already committed", no
    // failed onTimeout from Tomcat, nothing from the filter.
    assertThat(warnings())
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith("org.springframework.web.servlet.mvc.support.DefaultHandler")
                    .contains("Resolved [")
                    .contains("AsyncRequestTimeoutException"));
  }

  private double timeouts() {
    return meters.find(TimeoutMetrics.TIMEOUTS).tag("committed", "false").functionCounter().count();
  }

  private List<String> warnings() {
    synchronized (logs) { // AppenderBase appends under the appender's own lock
      return logs.list.stream()
          .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
          .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
          .toList();
    }
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static String requestId(HttpResponse<?> response) {
    return response.headers().firstValue(HEADER).orElseThrow();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Handlers that take too long in each way the filter must cope with. */
  @RestController
  static class SlowController {

    @GetMapping("/fast")
    String fast() {
      return "fast";
    }

    /** Blocks for 10 s unless interrupted; then writes, as a careless handler would. */
    @GetMapping("/slow")
    String slow(HttpServletResponse response) throws IOException {
      try {
        release.await(10, TimeUnit.SECONDS);
        return "finished";
      } catch (InterruptedException e) {
        handlerInterrupted.set(true);
        Thread.currentThread().interrupt();
        response.getWriter().write(LATE);
        response.flushBuffer();
        lateWriteReturned.set(true);
        return LATE;
      }
    }

    /** Takes 1.5 s: past the 1 s default, within the 5 s of /reports/**. */
    @GetMapping("/reports/annual")
    String report() throws InterruptedException {
      release.await(1500, TimeUnit.MILLISECONDS);
      return "report";
    }

    /** Streams 64 KiB (surely committed), then blocks past the 1 s timeout. */
    @GetMapping("/stream-stuck")
    StreamingResponseBody streamStuck() {
      return out -> {
        out.write(new byte[64 * 1024]);
        out.flush();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.write("the rest".getBytes(StandardCharsets.US_ASCII));
      };
    }

    @GetMapping("/never")
    CompletableFuture<String> never() {
      return new CompletableFuture<>();
    }

    @GetMapping("/callable-never")
    Callable<String> callableNever() {
      return () -> {
        try {
          release.await(10, TimeUnit.SECONDS);
          return "finished";
        } catch (InterruptedException e) {
          callableInterrupted.set(true);
          throw e;
        }
      };
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(SlowController.class)
  static class TestApplication {}
}
