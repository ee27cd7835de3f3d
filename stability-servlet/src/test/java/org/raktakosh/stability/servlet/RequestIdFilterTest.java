package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

class RequestIdFilterTest {

  private static final String HEADER = RequestIdFilter.DEFAULT_HEADER;
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private JettyApp app;

  /** What the servlet saw in the MDC during each request, and the MDC after each request. */
  private final List<String> seenRequestIds = new CopyOnWriteArrayList<>();

  private final List<String> seenTraceIds = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> mdcAfterRequests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
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
            context -> {
              context.addServlet(
                  new ServletHolder(
                      new HttpServlet() {
                        @Override
                        protected void doGet(
                            HttpServletRequest request, HttpServletResponse response) {
                          seenRequestIds.add(
                              String.valueOf(MDC.get(RequestIdFilter.MDC_REQUEST_ID)));
                          seenTraceIds.add(String.valueOf(MDC.get(RequestIdFilter.MDC_TRACE_ID)));
                          MDC.put("leaky", "value the application forgot to remove");
                          response.setStatus(204);
                        }
                      }),
                  "/echo");
              // Runs on the worker thread after the filter chain has returned.
              context.addEventListener(
                  new ServletRequestListener() {
                    @Override
                    public void requestDestroyed(ServletRequestEvent event) {
                      Map<String, String> left = MDC.getCopyOfContextMap();
                      mdcAfterRequests.add(left == null ? Map.of() : left);
                    }
                  });
            },
            StabilityInstaller.fromProperties(properties)::install);
  }

  @Test
  void validInboundIdIsReusedEverywhere() throws Exception {
    start();

    HttpResponse<String> response = app.get("/echo", HEADER, "abc-123_XYZ.~");

    assertThat(response.headers().firstValue(HEADER)).contains("abc-123_XYZ.~");
    assertThat(seenRequestIds).containsExactly("abc-123_XYZ.~");
  }

  @Test
  void missingIdIsGeneratedAndPutOnTheResponse() throws Exception {
    start();

    HttpResponse<String> first = app.get("/echo");
    HttpResponse<String> second = app.get("/echo");

    String id = first.headers().firstValue(HEADER).orElseThrow();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(second.headers().firstValue(HEADER).orElseThrow()).isNotEqualTo(id);
    assertThat(seenRequestIds.get(0)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(ints = {129, 500})
  void overLongIdIsReplaced(int length) throws Exception {
    start();

    HttpResponse<String> response = app.get("/echo", HEADER, "a".repeat(length));

    assertThat(response.headers().firstValue(HEADER).orElseThrow()).matches("[0-9a-f]{32}");
  }

  @Test
  void idOfExactlyTheLimitIsKept() throws Exception {
    start();

    HttpResponse<String> response = app.get("/echo", HEADER, "a".repeat(128));

    assertThat(response.headers().firstValue(HEADER)).contains("a".repeat(128));
  }

  @Test
  void idWithSpacesOrNonAsciiIsReplaced() throws Exception {
    start();

    HttpResponse<String> spaced = app.get("/echo", HEADER, "two words");
    String raw =
        rawRequest(
            "GET /echo HTTP/1.1\r\nHost: x\r\n"
                + HEADER
                + ": caf\u00e9\u0007\r\n"
                + "Connection: close\r\n\r\n");

    assertThat(spaced.headers().firstValue(HEADER).orElseThrow()).matches("[0-9a-f]{32}");
    assertThat(raw).startsWith("HTTP/1.1 ");
    if (raw.startsWith("HTTP/1.1 204")) {
      assertThat(raw).containsPattern("(?i)x-request-id: [0-9a-f]{32}\r\n");
    } else {
      // The container refused the control character itself: also never echoed.
      assertThat(raw).startsWith("HTTP/1.1 400").doesNotContain("caf");
    }
  }

  @Test
  void idCarryingALineBreakIsNeverEchoed() throws Exception {
    start();

    // An obsolete line folding puts CR LF inside the value; a container either refuses it or
    // unfolds it to a space, which the filter does not accept.
    String raw =
        rawRequest(
            "GET /echo HTTP/1.1\r\nHost: x\r\n"
                + HEADER
                + ": forged\r\n injected: yes\r\nConnection: close\r\n\r\n");

    assertThat(raw).startsWith("HTTP/1.1 ").doesNotContain("forged").doesNotContain("injected");
  }

  @Test
  void validTraceparentSuppliesTheTraceId() throws Exception {
    start();

    app.get("/echo", "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
    app.get("/echo", "traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01");
    app.get("/echo", "traceparent", "00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01");

    assertThat(seenTraceIds).containsExactly(TRACE_ID, "null", "null");
  }

  @Test
  void mdcIsEmptyOnTheWorkerThreadAfterEveryRequest() throws Exception {
    start();

    for (int i = 0; i < 5; i++) {
      app.get("/echo", "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
    }

    assertThat(mdcAfterRequests).hasSize(5).allSatisfy(mdc -> assertThat(mdc).isEmpty());
  }

  @Test
  void customHeaderNameIsUsed() throws Exception {
    start("stability.request-id.header", "X-Correlation-Id");

    HttpResponse<String> response = app.get("/echo", "X-Correlation-Id", "corr-1");

    assertThat(response.headers().firstValue("X-Correlation-Id")).contains("corr-1");
    assertThat(response.headers().firstValue(HEADER)).isEmpty();
  }

  @Test
  void disabledFilterSetsNoHeader() throws Exception {
    start("stability.request-id.enabled", "false");

    assertThat(app.get("/echo").headers().firstValue(HEADER)).isEmpty();
  }

  @Test
  void badHeaderNameIsRejected() {
    assertThatThrownBy(() -> new RequestIdFilter("X Request"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> {
              Properties properties = new Properties();
              properties.setProperty("stability.request-id.header", "bad header");
              StabilityInstaller.fromProperties(properties);
            })
        .hasMessageStartingWith("stability.request-id.header");
  }

  @Test
  void traceparentRulesFollowTheW3cFormat() {
    String parent = "00f067aa0ba902b7";
    assertThat(RequestIdFilter.traceId("00-" + TRACE_ID + "-" + parent + "-01"))
        .isEqualTo(TRACE_ID);
    assertThat(RequestIdFilter.traceId("01-" + TRACE_ID + "-" + parent + "-01-extra"))
        .isEqualTo(TRACE_ID);
    assertThat(RequestIdFilter.traceId("00-" + TRACE_ID + "-" + parent + "-01-extra")).isNull();
    assertThat(RequestIdFilter.traceId("ff-" + TRACE_ID + "-" + parent + "-01")).isNull();
    assertThat(RequestIdFilter.traceId("00-" + TRACE_ID + "-0000000000000000-01")).isNull();
    assertThat(RequestIdFilter.traceId("00-" + TRACE_ID + "-" + parent)).isNull();
    assertThat(RequestIdFilter.traceId("00-xyz-" + parent + "-01")).isNull();
    assertThat(RequestIdFilter.traceId(null)).isNull();
  }

  private String rawRequest(String request) throws Exception {
    URI base = URI.create(app.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      StringBuilder response = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        response.append(line).append("\r\n");
      }
      return response.toString();
    }
  }
}
