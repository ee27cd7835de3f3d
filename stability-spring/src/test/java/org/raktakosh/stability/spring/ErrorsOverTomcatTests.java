package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.raktakosh.stability.problem.ProblemException;
import org.raktakosh.stability.servlet.ErrorMetrics;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request ids and error recovery in a real Spring Boot application over Tomcat, beside Spring MVC's
 * own exception handling ({@code spring.mvc.problemdetails.enabled} at its default, false).
 */
@SpringBootTest(
    classes = ErrorsOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "stability.errors.mappings[java.lang.IllegalArgumentException]=400",
      "stability.health.enabled=false",
      "spring.mvc.async.request-timeout=300ms"
    })
class ErrorsOverTomcatTests {

  /** What a secret-bearing exception message contains; it must never reach a client. */
  static final String SECRET = "s3cr3t";

  private static final String HEADER = RequestIdFilter.DEFAULT_HEADER;

  /** Fails on anything after the first JSON value: a problem wrapped twice would not parse. */
  static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  // HTTP/1.1 so that consecutive requests share one keep-alive connection.
  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort private int port;

  @Autowired private MdcAfterRequest mdcAfterRequest;

  @Autowired private MeterRegistry meters;

  @Autowired private GracefulShutdown shutdown;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    rootLogger().addAppender(logs);
  }

  @AfterEach
  void stopCapturingLogs() {
    rootLogger().detachAppender(logs);
  }

  @Test
  void unhandledExceptionIsA500ProblemWithTheRequestId() throws Exception {
    HttpResponse<String> response = get("/fail");

    JsonNode problem = problem(response, 500);
    assertThat(problem.get("title").asString()).isEqualTo("Internal Server Error");
    assertThat(problem.get("instance").asString()).isEqualTo("/fail");
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertRevealsNothing(response);
  }

  @Test
  void aRequestTomcatCannotReadIsABadRequestNotAServerFault() throws Exception {
    // Tomcat 11 throws InvalidParameterException (400) from getParameter for a form that does not
    // decode, FileUploadException (400) from getParts for a multipart body it cannot parse, and
    // BadRequestException (400) from a body read for broken chunked framing.
    HttpResponse<String> form =
        post("/form", "application/x-www-form-urlencoded; charset=UTF-8", "a=%zz");
    HttpResponse<String> multipart =
        post("/body", "multipart/form-data; boundary=", "not multipart");
    String chunked;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST /body HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                      + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                      + "zz\r\nnot a chunk\r\n0\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      chunked = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    problem(form, 400);
    // Tomcat's FileUploadException (no boundary), wrapped in Spring's MultipartException.
    problem(multipart, 400);
    // Tomcat answers the broken framing itself (its own sendError, as the body is read), so the
    // answer comes from its ERROR dispatch: a problem there too, not Spring Boot's /error JSON.
    assertThat(chunked).startsWith("HTTP/1.1 400");
    String headers = chunked.substring(0, chunked.indexOf("\r\n\r\n"));
    assertThat(headers).contains("Content-Type: application/problem+json");
    JsonNode problem = JSON.readTree(chunked.substring(chunked.indexOf("\r\n\r\n") + 4));
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("instance").asString()).isEqualTo("/body");
    assertThat(problem.get("requestId").asString())
        .isNotBlank()
        .isEqualTo(headers.replaceAll("(?s).*\r\nX-Request-Id: ([^\r]+).*", "$1"));
  }

  @Test
  void unhandledExceptionIsLoggedOnceAtError() throws Exception {
    String id = requestId(get("/fail"));

    // Neither Spring's DispatcherServlet nor Tomcat logs the exception a second time.
    assertThat(errorLogs())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLoggerName()).endsWith("ErrorRecoveryFilter");
              assertThat(event.getFormattedMessage()).contains("GET /fail", id);
              assertThat(event.getThrowableProxy().getMessage()).contains(SECRET);
            });
  }

  @Test
  void mappedExceptionIsA400Problem() throws Exception {
    HttpResponse<String> response = get("/bad-argument");

    JsonNode problem = problem(response, 400);
    assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
    assertRevealsNothing(response);
  }

  @Test
  void problemExceptionAnswersWithItsOwnStatusAndDetail() throws Exception {
    HttpResponse<String> response = get("/problem");

    JsonNode problem = problem(response, 409);
    assertThat(problem.get("title").asString()).isEqualTo("Conflict");
    assertThat(problem.get("detail").asString()).isEqualTo("donor already registered");
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
  }

  @Test
  void exceptionFromAnotherFilterIsA500Problem() throws Exception {
    HttpResponse<String> response = get("/filter-fail");

    JsonNode problem = problem(response, 500);
    assertThat(problem.get("instance").asString()).isEqualTo("/filter-fail");
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
    assertRevealsNothing(response);
  }

  @Test
  void problemDetailFromControllerAdviceKeepsItsContentAndGetsTheRequestId() throws Exception {
    HttpResponse<String> response = get("/advised", "client-chosen-id-7");

    JsonNode problem = problem(response, 422);
    assertThat(problem.get("detail").asString()).isEqualTo("handled by advice");
    assertThat(problem.get("handledBy").asString()).isEqualTo("advice");
    assertThat(problem.get("requestId").asString()).isEqualTo("client-chosen-id-7");
    assertThat(requestId(response)).isEqualTo("client-chosen-id-7");
  }

  @Test
  void requestIdTheApplicationPutInItsProblemDetailIsKept() throws Exception {
    HttpResponse<String> response = get("/advised-with-id");

    JsonNode problem = problem(response, 422);
    assertThat(problem.get("requestId").asString()).isEqualTo("chosen by the application");
    assertThat(requestId(response)).isNotEqualTo("chosen by the application");
  }

  @Test
  void responseStatusExceptionBecomesOneProblem() throws Exception {
    HttpResponse<String> response = get("/missing");

    // Spring answers it with sendError(404, reason); the filter turns that into its problem and
    // drops the reason, as it drops exception messages.
    JsonNode problem = problem(response, 404);
    assertThat(problem.get("title").asString()).isEqualTo("Not Found");
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
    assertRevealsNothing(response);
  }

  @Test
  void unknownPathIsA404Problem() throws Exception {
    HttpResponse<String> response = get("/no-such-path");

    JsonNode problem = problem(response, 404);
    assertThat(problem.get("requestId").asString()).isEqualTo(requestId(response));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.raktakosh.stability.spring.RefusedRequests#refusedByBoth")
  void aRequestTomcatRefusesBeforeAnyFilterIsAProblemToo(
      String what, String head, int status, String title) throws Exception {
    RefusedRequests.assertProblem(RefusedRequests.exchange(port, head), status, title);
  }

  @Test
  void headersOverTomcatsSizeLimitAreA400Problem() throws Exception {
    String answer = RefusedRequests.exchange(port, "GET /api HTTP/1.1{crlf}X-Big: {big}");

    RefusedRequests.assertProblem(answer, 400, "Bad Request");
  }

  @Test
  void traceIsA405ProblemNotSpringBootsErrorPage() throws Exception {
    // Tomcat refuses TRACE after mapping the request, so the host would forward it to /error.
    String answer = RefusedRequests.exchange(port, "TRACE /api/fail HTTP/1.1");

    RefusedRequests.assertProblem(answer, 405, "Method Not Allowed");
    assertThat(answer).containsIgnoringCase("\r\nAllow: ");
  }

  @Test
  void failedCompletableFutureIsA500ProblemWithTheSameRequestId() throws Exception {
    HttpResponse<String> response = get("/async-fail", "async-id-1");

    JsonNode problem = problem(response, 500);
    assertThat(requestId(response)).isEqualTo("async-id-1");
    assertThat(problem.get("requestId").asString()).isEqualTo("async-id-1");
    assertThat(problem.get("instance").asString()).isEqualTo("/async-fail");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertRevealsNothing(response);
    assertThat(errorLogs())
        .singleElement()
        .satisfies(event -> assertThat(event.getFormattedMessage()).contains("async-id-1"));
  }

  @Test
  void asyncRequestTimeoutIsA503Problem() throws Exception {
    HttpResponse<String> response = get("/async-never", "async-id-2");

    // Spring MVC answers the timeout with sendError(503) on the ASYNC dispatch; the filter, which
    // runs for that dispatch too, turns it into its problem.
    JsonNode problem = problem(response, 503);
    assertThat(problem.get("requestId").asString()).isEqualTo("async-id-2");
    assertThat(requestId(response)).isEqualTo("async-id-2");
  }

  @Test
  void exceptionAfterCommitCutsTheResponseOff() throws Exception {
    double before = count(ErrorMetrics.COMMITTED);

    // The client must see that the answer is incomplete, not a short body that looks whole.
    assertThatThrownBy(() -> get("/committed")).isInstanceOf(IOException.class);
    String raw = rawKeptAliveGet("/committed");
    assertThat(raw).startsWith("HTTP/1.1 200").contains("partial").doesNotContain(SECRET);
    assertThat(raw).as("the last chunk").doesNotEndWith("\r\n0\r\n\r\n");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(count(ErrorMetrics.COMMITTED)).isEqualTo(before + 2));
    assertThat(get("/mdc").statusCode()).isEqualTo(200);
  }

  @Test
  void streamingBodyThatFailsAfterCommitIsCutOffToo() throws Exception {
    double before = count(ErrorMetrics.COMMITTED);

    // Spring re-throws the failure on the ASYNC dispatch, where the filter meets it committed.
    assertThatThrownBy(() -> get("/stream-fail")).isInstanceOf(IOException.class);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(count(ErrorMetrics.COMMITTED)).isEqualTo(before + 1));
  }

  @Test
  void asyncTaskFailingAfterCommitIsCutOff() throws Exception {
    double before = count(ErrorMetrics.COMMITTED);
    int runs = AsyncPartialServlet.asyncRuns.get();

    assertThatThrownBy(() -> get("/raw/async-partial")).isInstanceOf(IOException.class);
    String raw = rawKeptAliveGet("/raw/async-partial");
    assertThat(raw).startsWith("HTTP/1.1 200").contains("partial").doesNotContain(SECRET);
    assertThat(raw).as("the last chunk").doesNotEndWith("\r\n0\r\n\r\n");
    assertThat(AsyncPartialServlet.asyncRuns).as("the servlet ran again").hasValue(runs);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(count(ErrorMetrics.COMMITTED)).isEqualTo(before + 2));
    // The cut-off requests left the shutdown gate's count of requests in flight.
    await().atMost(Duration.ofSeconds(10)).until(() -> shutdown.inFlight() == 0);
    assertThat(get("/raw/async-partial?dispatch=1").body()).isEqualTo("dispatched");
  }

  /**
   * A plain async servlet beside Spring MVC: its {@code AsyncContext.start} task commits a partial
   * body, then fails; with {@code ?dispatch=1} the task dispatches instead.
   */
  static final class AsyncPartialServlet extends HttpServlet {
    static final AtomicInteger asyncRuns = new AtomicInteger();

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
        async.start(async::dispatch);
        return;
      }
      async.start(
          () -> {
            try {
              response.setContentType("text/plain");
              response.getWriter().write("partial");
              response.flushBuffer();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("async task after commit " + SECRET);
          });
    }
  }

  /** Everything Tomcat sends for one kept-alive request, up to the moment it closes. */
  private String rawKeptAliveGet(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000); // a response ended normally would leave the connection open
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void answeredFailuresAreCountedByStatus() throws Exception {
    double before = count(ErrorMetrics.ERRORS, "status", "400");

    get("/bad-argument");

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(count(ErrorMetrics.ERRORS, "status", "400")).isEqualTo(before + 1));
  }

  @Test
  void validInboundRequestIdIsReused() throws Exception {
    HttpResponse<String> response = get("/fail", "client-chosen-id-42");

    assertThat(requestId(response)).isEqualTo("client-chosen-id-42");
    assertThat(problem(response, 500).get("requestId").asString()).isEqualTo("client-chosen-id-42");
  }

  @Test
  void overLongInboundRequestIdIsReplaced() throws Exception {
    String inbound = "a".repeat(200);

    HttpResponse<String> response = get("/fail", inbound);

    assertThat(requestId(response)).isNotEqualTo(inbound).matches("[0-9a-f]{32}");
    assertThat(problem(response, 500).get("requestId").asString()).isEqualTo(requestId(response));
    assertThat(response.body()).doesNotContain(inbound);
  }

  @Test
  void inboundRequestIdWithASpaceIsReplaced() throws Exception {
    HttpResponse<String> response = get("/mdc", "two words");

    assertThat(requestId(response)).isNotEqualTo("two words").matches("[0-9a-f]{32}");
    assertThat(JSON.readTree(response.body()).get("requestId").asString())
        .isEqualTo(requestId(response));
  }

  @Test
  void mdcCarriesTheRequestIdDuringTheRequest() throws Exception {
    HttpResponse<String> response = get("/mdc");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("requestId").asString())
        .isEqualTo(requestId(response));
  }

  @Test
  void mdcIsEmptyOnTheWorkerThreadAfterTheRequest() throws Exception {
    // The controller leaves an entry of its own behind, as careless application code does.
    String id = requestId(get("/mdc"));

    // The listener runs on the worker thread after the whole filter chain has returned.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(mdcAfterRequest.byRequestId).containsKey(id));
    assertThat(mdcAfterRequest.byRequestId.get(id)).isEmpty();
  }

  @Test
  void secondRequestOnTheSameConnectionGetsItsOwnId() throws Exception {
    HttpResponse<String> first = get("/mdc");
    HttpResponse<String> second = get("/mdc");

    JsonNode firstBody = JSON.readTree(first.body());
    JsonNode secondBody = JSON.readTree(second.body());
    assertThat(secondBody.get("clientPort").asInt())
        .as("same keep-alive connection")
        .isEqualTo(firstBody.get("clientPort").asInt());
    assertThat(requestId(second)).isNotEqualTo(requestId(first));
    assertThat(firstBody.get("requestId").asString()).isEqualTo(requestId(first));
    assertThat(secondBody.get("requestId").asString()).isEqualTo(requestId(second));
    assertThat(secondBody.get("leftBehind").isNull()).isTrue();
  }

  /** Asserts the status, the media type and that the body is one JSON object; returns it. */
  static JsonNode problem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.isObject()).isTrue();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem;
  }

  private static void assertRevealsNothing(HttpResponse<String> response) {
    assertThat(response.body())
        .doesNotContain(SECRET, "Exception", "\tat ", "stackTrace", "org.raktakosh");
  }

  private static String requestId(HttpResponse<?> response) {
    return response.headers().firstValue(HEADER).orElseThrow();
  }

  private List<ILoggingEvent> errorLogs() {
    synchronized (logs) { // AppenderBase appends under the appender's own lock
      return logs.list.stream().filter(event -> event.getLevel() == Level.ERROR).toList();
    }
  }

  private double count(String name, String... tags) {
    Counter counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private HttpResponse<String> get(String path, String requestId)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header(HEADER, requestId).GET().build());
  }

  private HttpResponse<String> post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** Thrown for the controller advice to handle. */
  static final class AdvisedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** Endpoints that fail in every way the filter must cope with. */
  @RestController
  static class FailingController {

    @GetMapping("/fail")
    String fail() {
      throw new IllegalStateException("unexpected " + SECRET);
    }

    @GetMapping("/bad-argument")
    String badArgument() {
      throw new IllegalArgumentException("bad " + SECRET);
    }

    @GetMapping("/problem")
    String problem() {
      throw new ProblemException(409, "donor already registered");
    }

    @GetMapping("/advised")
    String advised() {
      throw new AdvisedException();
    }

    @GetMapping("/stream-fail")
    StreamingResponseBody streamFail() {
      return out -> {
        // More than any buffer on the way holds, so the response is surely committed.
        out.write("partial".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        throw new IllegalStateException("mid-stream " + SECRET);
      };
    }

    @GetMapping("/advised-with-id")
    ProblemDetail advisedWithId() {
      ProblemDetail problem = ProblemDetail.forStatus(422);
      problem.setProperty("requestId", "chosen by the application");
      return problem;
    }

    @PostMapping("/form")
    String form(@RequestParam String a) {
      return a;
    }

    @PostMapping("/body")
    String body(@RequestBody String body) {
      return Integer.toString(body.length());
    }

    @GetMapping("/missing")
    String missing() {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no donor " + SECRET);
    }

    @GetMapping("/async-fail")
    CompletableFuture<String> asyncFail() {
      return CompletableFuture.supplyAsync(
          () -> {
            throw new IllegalStateException("async " + SECRET);
          });
    }

    @GetMapping("/async-never")
    CompletableFuture<String> asyncNever() {
      return new CompletableFuture<>();
    }

    @GetMapping("/committed")
    void committed(HttpServletResponse response) throws IOException {
      response.getOutputStream().write("partial".getBytes(StandardCharsets.US_ASCII));
      response.flushBuffer();
      throw new IllegalStateException("after commit " + SECRET);
    }

    @GetMapping("/mdc")
    Map<String, Object> mdc(HttpServletRequest request) {
      Map<String, Object> seen = new LinkedHashMap<>();
      seen.put("requestId", MDC.get(RequestIdFilter.MDC_REQUEST_ID));
      seen.put("leftBehind", MDC.get("leftBehind"));
      seen.put("clientPort", request.getRemotePort());
      MDC.put("leftBehind", "by the previous request");
      return seen;
    }
  }

  /** Spring MVC's own error handling: a problem the application writes itself. */
  @RestControllerAdvice
  static class ProblemAdvice {

    @ExceptionHandler(AdvisedException.class)
    ProblemDetail advised(AdvisedException e) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(422), "handled by advice");
      problem.setProperty("handledBy", "advice");
      return problem;
    }
  }

  /** Records the MDC of the worker thread once Tomcat is done with each request. */
  static final class MdcAfterRequest implements ServletRequestListener {
    final Map<String, Map<String, String>> byRequestId = new ConcurrentHashMap<>();

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
      RequestIdFilter.requestId(event.getServletRequest())
          .ifPresent(
              id -> {
                Map<String, String> mdc = MDC.getCopyOfContextMap();
                byRequestId.put(id, mdc == null ? Map.of() : mdc);
              });
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import({FailingController.class, ProblemAdvice.class})
  static class TestApplication {

    /**
     * A filter inside error recovery that fails before Spring MVC or its advice see the request.
     */
    @Bean
    FilterRegistrationBean<Filter> failingFilter() {
      FilterRegistrationBean<Filter> registration =
          new FilterRegistrationBean<>(
              (request, response, chain) -> {
                throw new IllegalStateException("filter " + SECRET);
              });
      registration.addUrlPatterns("/filter-fail");
      registration.setOrder(StabilityFilterOrders.ERROR_RECOVERY + 1);
      return registration;
    }

    @Bean
    ServletRegistrationBean<AsyncPartialServlet> asyncPartialServlet() {
      ServletRegistrationBean<AsyncPartialServlet> registration =
          new ServletRegistrationBean<>(new AsyncPartialServlet(), "/raw/async-partial");
      registration.setAsyncSupported(true);
      return registration;
    }

    @Bean
    MdcAfterRequest mdcAfterRequest() {
      return new MdcAfterRequest();
    }

    @Bean
    ServletListenerRegistrationBean<MdcAfterRequest> mdcAfterRequestListener(
        MdcAfterRequest listener) {
      return new ServletListenerRegistrationBean<>(listener);
    }
  }
}
