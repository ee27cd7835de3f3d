package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.raktakosh.stability.shutdown.ShutdownReport;
import org.raktakosh.stability.shutdown.ShutdownState;
import org.slf4j.LoggerFactory;

/**
 * The whole shutdown sequence on a real Jetty with the installed stack: nothing accepted is lost,
 * what comes after the drain began is refused with 503 and {@code Connection: close}, readiness is
 * DOWN at once while liveness stays UP, and the container stops within the grace period.
 */
class GracefulShutdownOverJettyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final int IN_FLIGHT = 200;

  /** A client of its own: HTTP/1.1, one connection per concurrent request. */
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final AtomicInteger inHandler = new AtomicInteger();
  private final CountDownLatch neverReleased = new CountDownLatch(1);

  /** Holds the one-second requests until the drain has begun, however slow the machine. */
  private final CountDownLatch drainBegan = new CountDownLatch(1);

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final List<AsyncContext> heldAsync = new ArrayList<>();
  private JettyApp app;
  private GracefulShutdown shutdown;

  @BeforeEach
  void captureLogs() {
    logs.start();
    shutdownLogger().addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    shutdownLogger().detachAppender(logs);
    neverReleased.countDown();
    drainBegan.countDown();
    if (app != null) {
      app.close();
    }
  }

  private void start(String... keyValues) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("stability.shutdown.hook", "false"); // the test is the signal
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    StabilityInstaller installer = StabilityInstaller.fromProperties(properties);
    app =
        JettyApp.start(
            context -> {
              context.addServlet(new ServletHolder(new OneSecond()), "/work");
              context.addServlet(new ServletHolder(new Fast()), "/fast");
              context.addServlet(new ServletHolder(new Stuck()), "/stuck");
              ServletHolder async = new ServletHolder(new HeldAsync());
              async.setAsyncSupported(true);
              context.addServlet(async, "/async");
            },
            installer::install,
            // Room for the 200 in flight plus the probes and the refused.
            IN_FLIGHT + 100);
    shutdown = installer.gracefulShutdown().orElseThrow();
    JettyApp server = app;
    shutdown.addStopAction("jetty", () -> stopQuietly(server));
  }

  @Test
  void everyAcceptedRequestCompletesWhileNewOnesAreRefusedAndTheServerStopsInTime()
      throws Exception {
    start("stability.shutdown.grace-period", GRACE.toMillis() + "ms");
    // A kept-alive connection, opened while running, used again during the drain.
    try (Socket keptAlive = new Socket("127.0.0.1", app.port())) {
      assertThat(exchange(keptAlive, "/fast")).startsWith("HTTP/1.1 200");

      List<CompletableFuture<HttpResponse<String>>> accepted = new ArrayList<>();
      for (int i = 0; i < IN_FLIGHT; i++) {
        accepted.add(send("/work"));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> inHandler.get() == IN_FLIGHT);
      assertThat(get("/health/ready").statusCode()).isEqualTo(200);

      long signal = System.nanoTime();
      CompletableFuture<ShutdownReport> done = CompletableFuture.supplyAsync(shutdown::shutdown);
      await().atMost(Duration.ofSeconds(5)).until(() -> !shutdown.isAccepting());
      drainBegan.countDown();

      HttpResponse<String> ready = get("/health/ready");
      HttpResponse<String> live = get("/health/live");
      HttpResponse<String> refused = get("/work");
      String onKeptAlive = exchange(keptAlive, "/fast");

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Connection")).contains("close");
      assertThat(refused.headers().firstValue("Retry-After")).contains("5");
      JsonNode problem = JSON.readTree(refused.body());
      assertThat(problem.get("status").asInt()).isEqualTo(503);
      assertThat(problem.get("requestId").asText())
          .isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
      assertThat(onKeptAlive).startsWith("HTTP/1.1 503").containsIgnoringCase("Connection: close");
      assertThat(keptAlive.getInputStream().read()).as("connection closed").isEqualTo(-1);

      for (CompletableFuture<HttpResponse<String>> response : accepted) {
        HttpResponse<String> answer = response.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("done");
      }
      ShutdownReport report = done.get(GRACE.toSeconds() + 5, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - signal);

      assertThat(report.inFlightAtDrain()).isEqualTo(IN_FLIGHT);
      assertThat(report.finished()).isEqualTo(IN_FLIGHT);
      assertThat(report.cutOff()).isZero();
      assertThat(report.refused()).isGreaterThanOrEqualTo(2);
      assertThat(took).isLessThan(GRACE.plusSeconds(1));
      assertThat(app.isStopped()).isTrue();
      assertThat(shutdown.state()).isEqualTo(ShutdownState.STOPPED);
      assertThat(messages(Level.INFO))
          .anySatisfy(line -> assertThat(line).contains("Shutdown began"))
          .anySatisfy(line -> assertThat(line).contains("waiting up to 10000 ms for 200 in flight"))
          .anySatisfy(line -> assertThat(line).contains("200 request(s) finished, none cut off"))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains(
                          "201 request(s) admitted since start, 0 of them cut off; 2 refused"));
    }
  }

  @Test
  void withNothingInFlightTheDrainEndsAtOnce() throws Exception {
    start("stability.shutdown.grace-period", "1h");

    ShutdownReport report =
        CompletableFuture.supplyAsync(shutdown::shutdown).get(10, TimeUnit.SECONDS);

    assertThat(report.inFlightAtDrain()).isZero();
    assertThat(report.cutOff()).isZero();
    assertThat(app.isStopped()).isTrue();
  }

  @Test
  void requestsAcceptedDuringTheReadinessDelayAreServedWithConnectionClose() throws Exception {
    start("stability.shutdown.readiness-delay", "2s", "stability.shutdown.grace-period", "5s");

    CompletableFuture<ShutdownReport> done = CompletableFuture.supplyAsync(shutdown::shutdown);
    await().atMost(Duration.ofSeconds(5)).until(() -> shutdown.state() == ShutdownState.DRAINING);
    HttpResponse<String> duringDelay = get("/fast");
    HttpResponse<String> ready = get("/health/ready");

    assertThat(duringDelay.statusCode()).isEqualTo(200);
    assertThat(duringDelay.headers().firstValue("Connection")).contains("close");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(done.get(15, TimeUnit.SECONDS).refused()).isZero();
  }

  @Test
  void requestStillRunningAtTheEndOfTheGracePeriodIsCutOffCountedAndLogged() throws Exception {
    start("stability.shutdown.grace-period", "300ms", "stability.timeout.enabled", "false");
    CompletableFuture<HttpResponse<String>> stuck = send("/stuck");
    CompletableFuture<HttpResponse<String>> async = send("/async");
    await().atMost(Duration.ofSeconds(10)).until(() -> inHandler.get() == 2);
    assertThat(shutdown.inFlight()).isEqualTo(2);

    ShutdownReport report =
        CompletableFuture.supplyAsync(shutdown::shutdown).get(10, TimeUnit.SECONDS);

    assertThat(report.cutOff()).isEqualTo(2);
    assertThat(report.finished()).isZero();
    assertThat(messages(Level.WARN))
        .singleElement()
        .asString()
        .contains("0 request(s) finished, 2 still running and cut off");
    assertThat(app.isStopped()).isTrue();
    // The container's stop ended them (a closed connection, or an empty async answer): no client
    // hangs. (Generous: on a loaded machine the client may take seconds to notice the close.)
    await("the stuck request's client").atMost(Duration.ofSeconds(30)).until(stuck::isDone);
    await("the async request's client").atMost(Duration.ofSeconds(30)).until(async::isDone);
  }

  @Test
  void asyncRequestIsInFlightUntilItsAsyncCycleEnds() throws Exception {
    start();
    CompletableFuture<HttpResponse<String>> async = send("/async");
    await().atMost(Duration.ofSeconds(10)).until(() -> inHandler.get() == 1);

    // The dispatch has returned; the request is still in flight.
    assertThat(shutdown.inFlight()).isEqualTo(1);
    synchronized (heldAsync) {
      heldAsync.get(0).getResponse().getWriter().write("async done");
      heldAsync.get(0).complete();
    }

    assertThat(async.get(10, TimeUnit.SECONDS).body()).isEqualTo("async done");
    await().atMost(Duration.ofSeconds(10)).until(() -> shutdown.inFlight() == 0);
  }

  @Test
  void secondSignalWaitsForTheFirstInsteadOfRestartingIt() throws Exception {
    start("stability.shutdown.readiness-delay", "500ms");

    CompletableFuture<ShutdownReport> first = CompletableFuture.supplyAsync(shutdown::shutdown);
    await().atMost(Duration.ofSeconds(5)).until(() -> shutdown.state() == ShutdownState.DRAINING);
    CompletableFuture<ShutdownReport> second = CompletableFuture.supplyAsync(shutdown::shutdown);

    assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(first.get(10, TimeUnit.SECONDS));
    assertThat(messages(Level.INFO).stream().filter(line -> line.contains("Shutdown began")))
        .hasSize(1);
  }

  @Test
  void installerTurnsTheGateOffOnRequestAndRejectsBadKeys() throws Exception {
    Properties off = new Properties();
    off.setProperty("stability.shutdown.enabled", "false");
    assertThat(StabilityInstaller.fromProperties(off).gracefulShutdown()).isEmpty();

    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("stability.shutdown.grace-period", "-1s");
    bad.put("stability.shutdown.readiness-delay", "soon");
    bad.put("stability.shutdown.drain", "true");
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      Properties properties = new Properties();
      properties.setProperty(entry.getKey(), entry.getValue());
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .isThrownBy(() -> StabilityInstaller.fromProperties(properties))
          .withMessageContaining(entry.getKey());
    }
  }

  private CompletableFuture<HttpResponse<String>> send(String path) {
    return client.sendAsync(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  /** One GET on {@code socket}, kept alive; returns the status line and headers. */
  private static String exchange(Socket socket, String path) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    // Byte by byte so that nothing after this response is consumed.
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = socket.getInputStream().read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    socket.getInputStream().readNBytes(length);
    return head.toString();
  }

  private List<String> messages(Level level) {
    synchronized (logs) {
      return logs.list.stream()
          .filter(event -> event.getLevel() == level)
          .map(ILoggingEvent::getFormattedMessage)
          .collect(Collectors.toList());
    }
  }

  private static Logger shutdownLogger() {
    return (Logger) LoggerFactory.getLogger(GracefulShutdown.class);
  }

  private static void stopQuietly(JettyApp server) {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Takes one second once the drain has begun, like a real request caught by the shutdown. */
  private final class OneSecond extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      inHandler.incrementAndGet();
      try {
        drainBegan.await(30, TimeUnit.SECONDS);
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      response.getWriter().write("done");
    }
  }

  private static final class Fast extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentLength(4);
      response.getWriter().write("fast");
    }
  }

  /** Runs until the test ends or its thread is interrupted. */
  private final class Stuck extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      inHandler.incrementAndGet();
      try {
        neverReleased.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts async and leaves the completion to the test. */
  private final class HeldAsync extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      async.setTimeout(0);
      synchronized (heldAsync) {
        heldAsync.add(async);
      }
      inHandler.incrementAndGet();
    }
  }
}
