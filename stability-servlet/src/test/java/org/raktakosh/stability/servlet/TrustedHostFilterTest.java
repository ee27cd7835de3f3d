package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TrustedHostFilter} on a real Jetty, the {@code Host} written on a raw socket. */
class TrustedHostFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicInteger handled = new AtomicInteger();
  private TrustedHostFilter filter;
  private JettyApp app;
  private int port;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  private void start(TrustedHostConfig config) throws Exception {
    filter = new TrustedHostFilter(config);
    app =
        JettyApp.start(
            context -> {
              context.addFilter(
                  new FilterHolder(new RequestIdFilter()),
                  "/*",
                  EnumSet.of(DispatcherType.REQUEST));
              context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
              context.addServlet(
                  new ServletHolder(
                      new HttpServlet() {
                        @Override
                        protected void doGet(HttpServletRequest req, HttpServletResponse resp)
                            throws IOException {
                          handled.incrementAndGet();
                          resp.getWriter().write("ok");
                        }
                      }),
                  "/*");
            },
            servletContext -> {});
    port = Integer.parseInt(app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1));
  }

  private int status(String host) throws IOException {
    return RawHttp.get(port, "/api", host).status();
  }

  @Test
  void namesWildcardsAndIpLiteralsWithAndWithoutPortsAreMatched() throws Exception {
    start(
        TrustedHostConfig.custom()
            .allowedHosts("example.org", "*.raktakosh.org", "127.0.0.1:8003", "[::1]", "localhost")
            .build());

    assertThat(status("example.org")).isEqualTo(200);
    assertThat(status("EXAMPLE.org:8443")).isEqualTo(200);
    assertThat(status("example.org.")).isEqualTo(200);
    assertThat(status("api.raktakosh.org")).isEqualTo(200);
    assertThat(status("a.b.raktakosh.org:80")).isEqualTo(200);
    assertThat(status("raktakosh.org")).isEqualTo(400);
    assertThat(status("evilraktakosh.org")).isEqualTo(400);
    assertThat(status("127.0.0.1:8003")).isEqualTo(200);
    assertThat(status("127.0.0.1:8004")).isEqualTo(400);
    assertThat(status("127.0.0.1")).isEqualTo(400);
    assertThat(status("[::1]:8003")).isEqualTo(200);
    assertThat(status("[0:0:0:0:0:0:0:1]")).isEqualTo(200);
    assertThat(status("localhost:5173")).isEqualTo(200);
    assertThat(status("evil.example")).isEqualTo(400);
    assertThat(handled).hasValue(9);
    assertThat(filter.rejected()).isEqualTo(5);
  }

  @Test
  void aForgedHostIsAnswered400ProblemInvalidHostHeader() throws Exception {
    start(TrustedHostConfig.custom().allowedHosts("example.org").build());

    RawHttp.Answer answer = RawHttp.get(port, "/api/donors", "evil.example");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("detail").asText()).isEqualTo("invalid host header");
    assertThat(problem.get("instance").asText()).isEqualTo("/api/donors");
    assertThat(problem.get("requestId").asText()).isEqualTo(answer.header("X-Request-Id"));
    assertThat(handled).hasValue(0);
  }

  @Test
  void excludedPathsAreNotChecked() throws Exception {
    start(TrustedHostConfig.custom().allowedHosts("example.org").excludedPaths("/health").build());

    assertThat(RawHttp.get(port, "/health/ready", "10.0.0.7:8003").status()).isEqualTo(200);
    assertThat(RawHttp.get(port, "/healthy", "10.0.0.7:8003").status()).isEqualTo(400);
  }

  @Test
  void forwardedHostIsCheckedOnlyBehindATrustedProxy() throws Exception {
    start(TrustedHostConfig.custom().allowedHosts("example.org").build());
    assertThat(RawHttp.get(port, "/api", "example.org", "X-Forwarded-Host: evil.example").status())
        .isEqualTo(200);
    app.close();

    start(
        TrustedHostConfig.custom().allowedHosts("example.org").trustForwardedHeaders(true).build());
    assertThat(RawHttp.get(port, "/api", "example.org", "X-Forwarded-Host: evil.example").status())
        .isEqualTo(400);
    assertThat(
            RawHttp.get(port, "/api", "internal:8080", "X-Forwarded-Host: example.org, x").status())
        .isEqualTo(200);
  }

  @Test
  void withoutAllowedHostsEveryHostPasses() throws Exception {
    start(TrustedHostConfig.ofDefaults());

    assertThat(status("anything.example")).isEqualTo(200);
    assertThat(TrustedHostConfig.ofDefaults().allowsAll()).isTrue();
  }

  @Test
  void rejectionsArePublishedToMicrometer() throws Exception {
    start(TrustedHostConfig.custom().allowedHosts("example.org").build());
    status("evil.example");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    new TrustedHostMetrics(filter).bindTo(meters);

    assertThat(meters.get("stability.hosts.rejected").functionCounter().count()).isEqualTo(1.0);
  }
}
