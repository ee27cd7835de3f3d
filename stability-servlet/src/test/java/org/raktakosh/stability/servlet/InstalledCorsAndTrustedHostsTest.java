package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

/**
 * CORS and trusted hosts as {@link StabilityInstaller} mounts them with the whole stack: the CORS
 * headers are on every answer the stack writes, and configuration errors name their key.
 */
class InstalledCorsAndTrustedHostsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEB = "https://app.raktakosh.org";

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger working = new AtomicInteger();
  private JettyApp app;
  private StabilityInstaller installer;

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (app != null) {
      app.close();
    }
  }

  private static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  private void start(String... keyValues) throws Exception {
    installer = StabilityInstaller.fromProperties(properties(keyValues));
    app =
        JettyApp.start(
            context -> {
              context.addServlet(
                  new ServletHolder(
                      new HttpServlet() {
                        @Override
                        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                          throw new IllegalStateException("boom");
                        }
                      }),
                  "/api/fail");
              context.addServlet(
                  new ServletHolder(
                      new HttpServlet() {
                        @Override
                        protected void doGet(HttpServletRequest req, HttpServletResponse resp)
                            throws jakarta.servlet.ServletException {
                          working.incrementAndGet();
                          try {
                            release.await(10, TimeUnit.SECONDS);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          resp.setStatus(204);
                        }
                      }),
                  "/api/work");
              context.addServlet(
                  new ServletHolder(
                      new HttpServlet() {
                        @Override
                        protected void doGet(HttpServletRequest req, HttpServletResponse resp)
                            throws java.io.IOException {
                          resp.getWriter().write("[]");
                        }
                      }),
                  "/api/donors");
            },
            installer::install);
  }

  private void startFullStack() throws Exception {
    start(
        "stability.cors.allowed-origins", WEB,
        "stability.trusted-hosts.allowed-hosts", "127.0.0.1, localhost",
        "stability.trusted-hosts.excluded-paths", "/health",
        "stability.concurrency-limit.enabled", "true",
        "stability.concurrency-limit.max-concurrent", "1",
        "stability.concurrency-limit.excluded-paths", "/health,/api/donors,/api/fail,/nowhere",
        "stability.timeout.paths[/api/work]", "10s",
        "stability.timeout.paths[/api/donors]", "10s");
  }

  @Test
  void corsHeadersAreOnErrorsNotFoundAndSheddingAnswers() throws Exception {
    startFullStack();

    HttpResponse<String> failed = app.get("/api/fail", "Origin", WEB);
    HttpResponse<String> missing = app.get("/nowhere", "Origin", WEB);
    CompletableFuture<HttpResponse<String>> busy =
        app.getAsync("/api/work"); // holds the one permit
    await().atMost(Duration.ofSeconds(10)).until(() -> working.get() == 1);
    HttpResponse<String> shed = app.get("/api/work", "Origin", WEB);

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(failed.body()).get("status").asInt()).isEqualTo(500);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(shed.statusCode()).isEqualTo(503);
    for (HttpResponse<String> response : java.util.List.of(failed, missing, shed)) {
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(WEB);
      assertThat(response.headers().firstValue("Access-Control-Expose-Headers"))
          .contains("X-Request-Id");
      assertThat(response.headers().allValues("Vary")).containsExactly("Origin");
    }
    release.countDown();
    assertThat(busy.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
  }

  @Test
  void corsHeadersAreOnTimeoutAnswers() throws Exception {
    start(
        "stability.cors.allowed-origins", WEB,
        "stability.timeout.paths[/api/work]", "200ms",
        "stability.timeout.interrupt", "true");

    HttpResponse<String> timedOut = app.get("/api/work", "Origin", WEB);

    assertThat(timedOut.statusCode()).isIn(503, 504);
    assertThat(timedOut.headers().firstValue("Access-Control-Allow-Origin")).contains(WEB);
  }

  @Test
  void aForgedHostIsRefusedBeforeCorsAndHealthIsExempt() throws Exception {
    startFullStack();
    int port = Integer.parseInt(app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1));

    RawHttp.Answer forged = RawHttp.get(port, "/api/donors", "evil.example", "Origin: " + WEB);
    RawHttp.Answer probe = RawHttp.get(port, "/health", "10.1.2.3:8003");
    RawHttp.Answer good = RawHttp.get(port, "/api/donors", "localhost:" + port, "Origin: " + WEB);

    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.header("Access-Control-Allow-Origin")).isNull();
    assertThat(JSON.readTree(forged.body()).get("detail").asText())
        .isEqualTo("invalid host header");
    assertThat(probe.status()).isEqualTo(200);
    assertThat(good.status()).isEqualTo(200);
    assertThat(good.header("Access-Control-Allow-Origin")).isEqualTo(WEB);
    assertThat(installer.trustedHostFilter().orElseThrow().rejected()).isEqualTo(1);
  }

  @Test
  void aPreflightIsAnsweredBeforeSheddingAndNeverReachesTheApplication() throws Exception {
    startFullStack();

    HttpResponse<String> preflight =
        app.send(
            "OPTIONS",
            "/api/work",
            "Origin",
            WEB,
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type");

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .contains("content-type");
    assertThat(working).hasValue(0);
  }

  @Test
  void theProfilePropertyChoosesThePolicy() throws Exception {
    start(
        "stability.cors.profile", "dev",
        "stability.cors.exposed-headers", "X-Request-Id, X-Total",
        "stability.cors.profiles.dev.allowed-origin-patterns", "http://localhost:[5173,4173]",
        "stability.cors.profiles.prod.allowed-origins", WEB + ", https://raktakosh.org");

    HttpResponse<String> dev = app.get("/api/donors", "Origin", "http://localhost:5173");
    HttpResponse<String> prod = app.get("/api/donors", "Origin", WEB);

    assertThat(dev.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("http://localhost:5173");
    assertThat(dev.headers().firstValue("Access-Control-Expose-Headers"))
        .contains("X-Request-Id, X-Total");
    assertThat(prod.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(installer.corsFilter().orElseThrow().config().activeProfile()).contains("dev");
  }

  @Test
  void pathRulesFromPropertiesInheritTheTopLevelKeys() throws Exception {
    start(
        "stability.cors.allowed-origins", WEB,
        "stability.cors.allow-credentials", "true",
        "stability.cors.paths[/public/**].allowed-origins", "https://partner.example");

    HttpResponse<String> partner = app.get("/public/list", "Origin", "https://partner.example");

    assertThat(partner.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://partner.example");
    assertThat(partner.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
  }

  @Test
  void bothAreOffUnlessConfigured() throws Exception {
    start();

    HttpResponse<String> response = app.get("/api/donors", "Origin", WEB);

    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(installer.corsFilter()).isEmpty();
    assertThat(installer.trustedHostFilter()).isEmpty();
  }

  @Test
  void wildcardOriginsWithCredentialsFailNamingTheKey() {
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties(
                        "stability.cors.allowed-origins", "*",
                        "stability.cors.allow-credentials", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stability.cors.allowed-origins")
        .hasMessageContaining("allowCredentials");
  }

  @Test
  void aMalformedOriginPatternFailsNamingTheKeyAndTheEntry() {
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties(
                        "stability.cors.profiles.prod.allowed-origin-patterns",
                        "https://raktakosh.*.org")))
        .hasMessageStartingWith("stability.cors.profiles.prod.allowed-origin-patterns")
        .hasMessageContaining("https://raktakosh.*.org");
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties("stability.cors.allowed-origin-patterns", "localhost:[*]")))
        .hasMessageStartingWith("stability.cors.allowed-origin-patterns");
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties(
                        "stability.cors.allowed-origin-patterns", "http://localhost:[80,x]")))
        .hasMessageStartingWith("stability.cors.allowed-origin-patterns");
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties("stability.cors.allowed-origins", "https://*.raktakosh.org")))
        .hasMessageStartingWith("stability.cors.allowed-origins");
  }

  @Test
  void aNegativeMaxAgeFailsNamingTheKey() {
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties(
                        "stability.cors.allowed-origins", WEB, "stability.cors.max-age", "-5s")))
        .hasMessageStartingWith("stability.cors.max-age");
    assertThat(
            StabilityInstaller.fromProperties(
                    properties(
                        "stability.cors.allowed-origins", WEB, "stability.cors.max-age", "0s"))
                .corsFilter())
        .isPresent();
  }

  @Test
  void anUndefinedProfileAnUnknownKeyAndABadHostFailNamingTheKey() {
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties(
                        "stability.cors.profile",
                        "qa",
                        "stability.cors.profiles.dev.allowed-origins",
                        WEB)))
        .hasMessageStartingWith("stability.cors.profile")
        .hasMessageContaining("qa")
        .hasMessageContaining("[dev]");
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(properties("stability.cors.allowed-origin", WEB)))
        .hasMessageStartingWith("stability.cors.allowed-origin ");
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties("stability.cors.paths[api/**].allowed-origins", WEB)))
        .hasMessageStartingWith("stability.cors.paths[api/**]");
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties("stability.trusted-hosts.allowed-hosts", "example.org, bad host")))
        .hasMessageStartingWith("stability.trusted-hosts.allowed-hosts")
        .hasMessageContaining("bad host");
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties("stability.trusted-hosts.allowed-host", "example.org")))
        .hasMessageStartingWith("stability.trusted-hosts.allowed-host ");
    assertThatThrownBy(
            () ->
                StabilityInstaller.fromProperties(
                    properties("stability.cors.allow-credentials", "yes")))
        .hasMessageStartingWith("stability.cors.allow-credentials");
  }
}
