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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.problem.ProblemException;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.slf4j.LoggerFactory;

class ErrorRecoveryFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "db password is hunter2";

  private JettyApp app;
  private StabilityInstaller installer;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ErrorRecoveryFilter.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    logger.detachAppender(logs);
    if (app != null) {
      app.close();
    }
  }

  private void start(Consumer<ServletContextHandler> configure, String... keyValues)
      throws Exception {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    installer = StabilityInstaller.fromProperties(properties);
    ErrorMetrics metrics = new ErrorMetrics();
    metrics.bindTo(meters);
    installer.errorRecoveryFilter().addListener(metrics);
    app = JettyApp.start(configure, installer::install);
  }

  private static Consumer<ServletContextHandler> servlet(String path, HttpServlet servlet) {
    return context -> {
      ServletHolder holder = new ServletHolder(servlet);
      holder.setAsyncSupported(true);
      context.addServlet(holder, path);
    };
  }

  private static HttpServlet answering(String body) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(body);
      }
    };
  }

  private static HttpServlet throwing(RuntimeException error) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        throw error;
      }
    };
  }

  private List<String> logged(Level level) {
    synchronized (logs) { // AppenderBase appends under the appender's own lock
      return logs.list.stream()
          .filter(e -> e.getLevel() == level)
          .map(ILoggingEvent::getFormattedMessage)
          .collect(Collectors.toList());
    }
  }

  private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return GzipTestSupport.CLIENT.send(
        HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("requestId").asText())
        .isEqualTo(response.headers().firstValue(RequestIdFilter.DEFAULT_HEADER).orElseThrow());
  }

  @Test
  void exceptionFromAServletBecomesA500ProblemWithoutItsClassOrMessage() throws Exception {
    start(servlet("/boom", throwing(new IllegalStateException(SECRET))));

    HttpResponse<String> response = app.get("/boom?x=1");

    assertProblem(response, 500);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asText()).isEqualTo("about:blank");
    assertThat(body.get("title").asText()).isEqualTo("Internal Server Error");
    assertThat(body.get("instance").asText()).isEqualTo("/boom");
    assertThat(response.body()).doesNotContain(SECRET, "IllegalStateException", "at org.");
    assertThat(logged(Level.ERROR))
        .singleElement()
        .asString()
        .contains("GET /boom", "answered 500", body.get("requestId").asText());
    assertThat(meters.get(ErrorMetrics.ERRORS).tag("status", "500").counter().count()).isEqualTo(1);
  }

  @Test
  void developmentModeShowsClassMessageAndFrames() throws Exception {
    start(
        servlet("/boom", throwing(new IllegalStateException(SECRET))),
        "stability.errors.include-details",
        "true");

    JsonNode body = JSON.readTree(app.get("/boom").body());

    assertThat(body.get("detail").asText()).isEqualTo(SECRET);
    assertThat(body.get("exception").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(body.get("stackTrace").isArray()).isTrue();
  }

  @Test
  void mappedExceptionAnswersItsStatusAndTheMostSpecificMappingWins() throws Exception {
    start(
        context -> {
          context.addServlet(
              new ServletHolder(throwing(new IllegalArgumentException("x"))), "/iae");
          context.addServlet(new ServletHolder(throwing(new NumberFormatException("y"))), "/nfe");
        },
        "stability.errors.mappings.java.lang.IllegalArgumentException",
        "400",
        "stability.errors.mappings.java.lang.NumberFormatException",
        "422");

    assertProblem(app.get("/iae"), 400);
    assertProblem(app.get("/nfe"), 422);
    assertThat(JSON.readTree(app.get("/nfe").body()).get("title").asText())
        .isEqualTo("Unprocessable Content");
    assertThat(logged(Level.ERROR)).isEmpty();
  }

  @Test
  void problemExceptionIsAnsweredAsItSays() throws Exception {
    start(
        servlet(
            "/donor",
            throwing(
                new ProblemException(
                    Problem.builder(404)
                        .type("https://raktakosh.org/problems/no-donor")
                        .title("No such donor")
                        .detail("no donor 7")
                        .build()))));

    HttpResponse<String> response = app.get("/donor");

    assertProblem(response, 404);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asText()).isEqualTo("https://raktakosh.org/problems/no-donor");
    assertThat(body.get("detail").asText()).isEqualTo("no donor 7");
    assertThat(body.get("instance").asText()).isEqualTo("/donor");
  }

  @Test
  void exceptionFromAnotherFilterIsAnswered() throws Exception {
    Filter failing =
        (request, response, chain) -> {
          throw new ServletException("filter broke", new IllegalStateException(SECRET));
        };
    start(
        context ->
            context.addFilter(
                new FilterHolder(failing), "/filtered/*", EnumSet.of(DispatcherType.REQUEST)));

    HttpResponse<String> response = app.get("/filtered/x");

    assertProblem(response, 500);
    assertThat(response.body()).doesNotContain(SECRET);
    assertThat(meters.get(ErrorMetrics.ERRORS).tag("exception", "IllegalStateException").counter())
        .isNotNull();
  }

  @Test
  void committedResponseIsCutOffWithOneWarn() throws Exception {
    start(
        servlet(
            "/partial",
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.setContentType("text/plain");
                response.getWriter().write("partial");
                response.flushBuffer();
                throw new IllegalStateException(SECRET);
              }
            }));

    // The client must see that the answer is incomplete: a chunked body without its last chunk.
    assertThatThrownBy(() -> app.get("/partial")).isInstanceOf(IOException.class);
    assertThat(logged(Level.WARN)).singleElement().asString().contains("committed");
    assertThat(logged(Level.ERROR)).isEmpty();
    assertThat(meters.get(ErrorMetrics.COMMITTED).counter().count()).isEqualTo(1);
    // The server is fine afterwards.
    assertThat(app.get("/partial-is-not-here").statusCode()).isEqualTo(404);
  }

  @Test
  void bodilessSendErrorBecomesAProblem() throws Exception {
    start(
        servlet(
            "/gone",
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.sendError(410, SECRET);
              }
            }));

    HttpResponse<String> response = app.get("/gone");

    assertProblem(response, 410);
    assertThat(JSON.readTree(response.body()).get("title").asText()).isEqualTo("Gone");
    assertThat(response.body()).doesNotContain(SECRET);
    assertProblem(app.get("/no-such-path"), 404);
  }

  /** A servlet that sets {@code status}, then does what {@code then} does (maybe nothing). */
  private static HttpServlet settingStatus(int status, Consumer<HttpServletResponse> then) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(status);
        then.accept(response);
      }
    };
  }

  @Test
  void anErrorStatusLeftWithoutABodyBecomesAProblem() throws Exception {
    start(
        context -> {
          servlet("/bare", settingStatus(404, response -> {})).accept(context);
          servlet(
                  "/challenge",
                  settingStatus(401, response -> response.setHeader("WWW-Authenticate", "Bearer")))
              .accept(context);
        });

    HttpResponse<String> bare = app.get("/bare");
    assertProblem(bare, 404);
    assertThat(JSON.readTree(bare.body()).get("instance").asText()).isEqualTo("/bare");

    HttpResponse<String> challenge = app.get("/challenge");
    assertProblem(challenge, 401);
    assertThat(challenge.headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void anErrorStatusWithABodyOrALengthIsLeftAsItIs() throws Exception {
    start(
        context -> {
          servlet("/empty", settingStatus(400, response -> response.setContentLength(0)))
              .accept(context);
          servlet("/typed", settingStatus(409, response -> response.setContentType("text/plain")))
              .accept(context);
          servlet(
                  "/written",
                  settingStatus(
                      422,
                      response -> {
                        try {
                          response.getWriter().write("own words");
                        } catch (IOException e) {
                          throw new UncheckedIOException(e);
                        }
                      }))
              .accept(context);
          servlet("/fine", settingStatus(204, response -> {})).accept(context);
        });

    HttpResponse<String> empty = app.get("/empty");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).isEmpty();
    HttpResponse<String> typed = app.get("/typed");
    assertThat(typed.statusCode()).isEqualTo(409);
    assertThat(typed.body()).isEmpty();
    HttpResponse<String> written = app.get("/written");
    assertThat(written.statusCode()).isEqualTo(422);
    assertThat(written.body()).isEqualTo("own words");
    HttpResponse<String> fine = app.get("/fine");
    assertThat(fine.statusCode()).isEqualTo(204);
    assertThat(fine.body()).isEmpty();
  }

  @Test
  void anErrorStatusLeftWithoutABodyStaysSoWhenSwitchedOff() throws Exception {
    start(
        servlet("/bare", settingStatus(404, response -> {})),
        "stability.errors.problem-for-send-error",
        "false");

    HttpResponse<String> bare = app.get("/bare");

    assertThat(bare.statusCode()).isEqualTo(404);
    assertThat(bare.body()).isEmpty();
  }

  /**
   * A servlet that calls {@code sendError(400)} on the container's own response, under every
   * wrapper, as Tomcat does itself for a request body it cannot read; and an error page for 400.
   */
  private static Consumer<ServletContextHandler> containerSendErrorWithAnErrorPage() {
    return context -> {
      servlet(
              "/raw-error",
              new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                  ServletResponse raw = response;
                  while (raw instanceof ServletResponseWrapper) {
                    raw = ((ServletResponseWrapper) raw).getResponse();
                  }
                  ((HttpServletResponse) raw).sendError(400);
                }
              })
          .accept(context);
      servlet("/error-page", answering("the application's error page")).accept(context);
      ErrorPageErrorHandler pages = new ErrorPageErrorHandler();
      pages.addErrorPage(400, "/error-page");
      context.setErrorHandler(pages);
    };
  }

  @Test
  void theContainersOwnErrorIsAProblemInsteadOfItsErrorPage() throws Exception {
    start(containerSendErrorWithAnErrorPage());

    HttpResponse<String> response = app.get("/raw-error");

    assertProblem(response, 400);
    assertThat(JSON.readTree(response.body()).get("instance").asText()).isEqualTo("/raw-error");
  }

  @Test
  void theContainersOwnErrorGoesToItsErrorPageWhenSwitchedOff() throws Exception {
    start(containerSendErrorWithAnErrorPage(), "stability.errors.problem-for-send-error", "false");

    HttpResponse<String> response = app.get("/raw-error");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("the application's error page");
  }

  @Test
  void sendErrorIsLeftToTheContainerWhenSwitchedOff() throws Exception {
    start(context -> {}, "stability.errors.problem-for-send-error", "false");

    HttpResponse<String> response = app.get("/no-such-path");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .doesNotStartWith(Problem.MEDIA_TYPE);
  }

  @Test
  void exceptionOnAnAsyncDispatchIsAnsweredWithTheSameRequestId() throws Exception {
    start(
        servlet(
            "/async",
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                if (request.getDispatcherType() == DispatcherType.ASYNC) {
                  throw new IllegalStateException(SECRET);
                }
                AsyncContext async = request.startAsync();
                async.start(async::dispatch);
              }
            }));

    HttpResponse<String> response = app.get("/async");

    assertProblem(response, 500);
    assertThat(response.body()).doesNotContain(SECRET);
  }

  @Test
  void errorReportedToAsyncListenersIsAnsweredWithTheSameRequestId() throws Exception {
    start(
        servlet(
            "/async-error",
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                AsyncContext async = request.startAsync();
                async.setTimeout(0);
                async.start(
                    () -> {
                      throw new IllegalStateException(SECRET);
                    });
              }
            }));

    HttpResponse<String> response = app.get("/async-error");

    assertProblem(response, 500);
    assertThat(response.body()).doesNotContain(SECRET);
  }

  /**
   * An async servlet whose {@code AsyncContext.start} task commits a partial body, then fails; with
   * {@code ?dispatch=1} the task dispatches instead. Counts the ASYNC dispatches that reach it.
   */
  private static HttpServlet asyncPartial(AtomicInteger asyncRuns) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
          asyncRuns.incrementAndGet();
          response.getWriter().write("dispatched");
          return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        if (request.getParameter("dispatch") != null) {
          async.start(async::dispatch);
          return;
        }
        async.start(
            () -> {
              try {
                response.setContentType("text/plain");
                // ?big=1: enough to be compressed for a client that accepts gzip
                response
                    .getWriter()
                    .write(request.getParameter("big") != null ? "x".repeat(16_384) : "partial");
                response.flushBuffer();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              throw new IllegalStateException(SECRET);
            });
      }
    };
  }

  @Test
  void asyncTaskFailingAfterCommitIsCutOff() throws Exception {
    AtomicInteger asyncRuns = new AtomicInteger();
    start(servlet("/async-partial", asyncPartial(asyncRuns)));

    // The installer mounted the filter for ASYNC dispatches: it cuts off from the first request,
    // and the dispatch that does it never reaches the servlet.
    assertThatThrownBy(() -> app.get("/async-partial")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> app.get("/async-partial")).isInstanceOf(IOException.class);
    assertThat(asyncRuns).hasValue(0);
    assertThat(logged(Level.WARN)).hasSize(2).allMatch(line -> line.contains("committed"));
    assertThat(logged(Level.ERROR)).isEmpty();
    assertThat(meters.get(ErrorMetrics.COMMITTED).counter().count()).isEqualTo(2);
    assertThat(app.get("/async-partial?dispatch=1").body()).isEqualTo("dispatched");
    // A compressed one too; its deflater goes back to the pool when the container ends the cycle.
    assertThatThrownBy(() -> app.get("/async-partial?big=1", "Accept-Encoding", "gzip"))
        .isInstanceOf(IOException.class);
    GzipFilter gzip = installer.gzipFilter().orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> gzip.deflatersInUse() == 0);
    assertThat(gzip.deflatersIdle()).isPositive(); // it did compress
    // And each cut-off request left the shutdown gate's count of requests in flight.
    GracefulShutdown shutdown = installer.gracefulShutdown().orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> shutdown.inFlight() == 0);
  }

  /**
   * Which of the filters mounted for ASYNC dispatches is on decides who sees the failed dispatch;
   * each of them gives back what the request held.
   */
  static Stream<Arguments> filtersSeeingTheAsyncDispatch() {
    return Stream.of(
        Arguments.of((Object) new String[] {}),
        Arguments.of((Object) new String[] {"stability.errors.enabled", "false"}),
        Arguments.of(
            (Object)
                new String[] {
                  "stability.errors.enabled", "false",
                  "stability.request-id.enabled", "false",
                  "stability.gzip.enabled", "false"
                }),
        Arguments.of(
            (Object)
                new String[] {
                  "stability.errors.enabled", "false",
                  "stability.request-id.enabled", "false",
                  "stability.timeout.enabled", "false"
                }));
  }

  @ParameterizedTest
  @MethodSource("filtersSeeingTheAsyncDispatch")
  void asyncDispatchFailingAfterCommitIsCutOffAndReleasesWhatTheRequestHeld(String[] settings)
      throws Exception {
    String[] keyValues = Arrays.copyOf(settings, settings.length + 4);
    keyValues[settings.length] = "stability.concurrency-limit.max-concurrent";
    keyValues[settings.length + 1] = "1";
    keyValues[settings.length + 2] = "stability.concurrency-limit.max-wait";
    keyValues[settings.length + 3] = "0ms";
    start(
        servlet("/ok", answering("fine"))
            .andThen(
                servlet(
                    "/dispatch-partial",
                    new HttpServlet() {
                      @Override
                      protected void doGet(HttpServletRequest request, HttpServletResponse response)
                          throws IOException {
                        if (request.getDispatcherType() != DispatcherType.ASYNC) {
                          AsyncContext async = request.startAsync();
                          async.start(async::dispatch);
                          return;
                        }
                        response.setContentType("text/plain");
                        response.getWriter().write("partial");
                        response.flushBuffer();
                        throw new IllegalStateException(SECRET);
                      }
                    })),
        keyValues);

    assertThatThrownBy(() -> app.get("/dispatch-partial")).isInstanceOf(IOException.class);
    // The container ends a cycle whose dispatch failed on a committed response without telling
    // its async listeners (Jetty): the shutdown gate's count of requests in flight and the
    // bulkhead's permit come back all the same.
    GracefulShutdown shutdown = installer.gracefulShutdown().orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> shutdown.inFlight() == 0);
    // One request at a time: a permit kept by the failed request would refuse every later one.
    await().atMost(Duration.ofSeconds(10)).until(() -> app.get("/ok").statusCode() == 200);
  }

  @Test
  void aFilterMountedByHandCutsOffOnlyOnceAnAsyncDispatchHasPassedIt() throws Exception {
    AtomicInteger asyncRuns = new AtomicInteger();
    ErrorRecoveryFilter byHand = new ErrorRecoveryFilter();
    start(
        context -> {
          FilterHolder holder = new FilterHolder(byHand);
          holder.setAsyncSupported(true);
          context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
          servlet("/async-partial", asyncPartial(asyncRuns)).accept(context);
        },
        "stability.errors.enabled",
        "false");

    // Not known to be mounted for ASYNC dispatches: a dispatch might reach the servlet again, so
    // the response is completed, as the Servlet API alone would.
    assertThat(app.get("/async-partial").body()).isEqualTo("partial");
    assertThat(app.get("/async-partial?dispatch=1").body()).isEqualTo("dispatched");
    // One has passed: now cut off, and the servlet did not run again.
    assertThatThrownBy(() -> app.get("/async-partial")).isInstanceOf(IOException.class);
    assertThat(asyncRuns).hasValue(1);
  }

  @Test
  void aFormTheContainerCannotParseIsABadRequestNotAServerFault() throws Exception {
    start(
        servlet(
            "/form",
            new HttpServlet() {
              @Override
              protected void doPost(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.getWriter().write("a=" + request.getParameter("a"));
              }
            }));

    // Jetty throws its BadMessageException (400) from getParameter: as Jetty would answer it.
    for (String body : new String[] {"a=%zz", "a=%C3%28"}) {
      HttpResponse<String> response =
          post("/form", "application/x-www-form-urlencoded; charset=UTF-8", body);

      assertProblem(response, 400);
    }
    assertThat(logged(Level.ERROR)).isEmpty();
  }

  @Test
  void aCharsetTheJvmDoesNotKnowIsUnsupportedMediaTypeNotAServerFault() throws Exception {
    start(
        servlet(
            "/type/*",
            new HttpServlet() {
              @Override
              protected void doPost(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                if (request.getRequestURI().endsWith("/own")) {
                  java.nio.charset.Charset.forName("no-such-charset"); // the application's fault
                }
                response.getWriter().write("type=" + request.getContentType());
              }
            }));

    // Jetty's getContentType() throws UnsupportedCharsetException for the client's charset.
    HttpResponse<String> clients =
        post("/type/clients", "text/plain; charset=no-such-charset", "x");
    HttpResponse<String> own = post("/type/own", "text/plain", "x");

    assertProblem(clients, 415);
    assertProblem(own, 500);
  }

  @Test
  void disabledFilterLetsTheContainerAnswer() throws Exception {
    start(
        servlet("/boom", throwing(new IllegalStateException(SECRET))),
        "stability.errors.enabled",
        "false");

    HttpResponse<String> response = app.get("/boom");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .doesNotStartWith(Problem.MEDIA_TYPE);
  }
}
