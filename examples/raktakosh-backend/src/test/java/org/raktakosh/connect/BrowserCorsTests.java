package org.raktakosh.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The back end's CORS as a real browser enforces it: headless Debian {@code chromium}, driven by
 * Debian's {@code chromedriver} through Selenium, loads a page from an allowed origin and one from
 * a disallowed origin (two loopback ports) and runs {@code fetch} against the back end. Selenium
 * Manager is never asked for a driver or a browser: both paths are given. Without them the test is
 * skipped with the reason; {@code .ci/run} installs them so CI always runs it.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"raktakosh.disk.min-free=1KB"})
class BrowserCorsTests {

  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Runs every fetch of the test in the page and reports what the script could see. */
  private static final String SCRIPT =
      """
      const api = arguments[0];
      const blockedName = arguments[1];
      const done = arguments[arguments.length - 1];
      const attempt = async (call) => {
        try { return await call(); } catch (e) { return { blocked: true, error: String(e) }; }
      };
      (async () => {
        const results = {};
        results.simpleGet = await attempt(async () => {
          const r = await fetch(api + '/api/donors');
          return { status: r.status, body: await r.text() };
        });
        results.jsonPost = await attempt(async () => {
          const r = await fetch(api + '/api/donors', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: blockedName, bloodGroup: 'B+', city: 'Pune',
                                   phone: '+91 98300 54321' })
          });
          return { status: r.status, body: await r.json() };
        });
        results.credentialedGet = await attempt(async () => {
          const r = await fetch(api + '/api/donors', { credentials: 'include' });
          return { status: r.status };
        });
        results.headers = await attempt(async () => {
          const r = await fetch(api + '/api/donors');
          return { requestId: r.headers.get('X-Request-Id'), vary: r.headers.get('Vary') };
        });
        results.problem = await attempt(async () => {
          const r = await fetch(api + '/demo/fail');
          return { status: r.status, contentType: r.headers.get('Content-Type'),
                   body: await r.json() };
        });
        done(JSON.stringify(results));
      })();
      """;

  private static HttpServer allowedPages;
  private static HttpServer otherPages;

  @LocalServerPort private int port;

  /** One browser for the class: starting Chromium costs more than the tests themselves. */
  private static ChromeDriver browser;

  @BeforeAll
  static void startBrowser() {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
        "Browser CORS test skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed"
            + " (apt-get install chromium chromium-driver; .ci/run does this)");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run");
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
  }

  @DynamicPropertySource
  static void frontEndOrigins(DynamicPropertyRegistry registry) throws IOException {
    allowedPages = pageServer();
    otherPages = pageServer();
    // The dev profile's origin plus this test's allowed page; the other page stays disallowed.
    registry.add(
        "stability.cors.profiles.dev.allowed-origins",
        () -> "http://localhost:5173," + origin(allowedPages));
  }

  @AfterAll
  static void stopPagesAndBrowser() {
    if (browser != null) {
      browser.quit();
    }
    if (allowedPages != null) {
      allowedPages.stop(0);
      otherPages.stop(0);
    }
  }

  private static HttpServer pageServer() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] page =
        "<!doctype html><html><head><title>front end</title></head><body>front end</body></html>"
            .getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
          }
        });
    server.start();
    return server;
  }

  private static String origin(HttpServer server) {
    return "http://localhost:" + server.getAddress().getPort();
  }

  private JsonNode fetchFrom(HttpServer pages, String donorName) {
    browser.get(origin(pages) + "/index.html");
    Object result =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(SCRIPT, "http://localhost:" + port, donorName);
    return JSON.readTree((String) result);
  }

  @Test
  void theAllowedFrontEndCanCallTheApiAndReadWhatIsExposed() {
    JsonNode results = fetchFrom(allowedPages, "Allowed Donor");

    assertThat(results.get("simpleGet").get("status").asInt()).isEqualTo(200);
    assertThat(results.get("simpleGet").get("body").asString()).startsWith("[");
    assertThat(results.get("jsonPost").get("status").asInt()).isEqualTo(201);
    assertThat(results.get("jsonPost").get("body").get("name").asString())
        .isEqualTo("Allowed Donor");
    assertThat(results.get("credentialedGet").get("status").asInt()).isEqualTo(200);
    assertThat(results.get("headers").get("requestId").asString()).isNotBlank();
    assertThat(results.get("headers").get("vary").isNull()).as("Vary is not exposed").isTrue();
    JsonNode problem = results.get("problem");
    assertThat(problem.get("status").asInt()).isEqualTo(500);
    assertThat(problem.get("contentType").asString()).startsWith("application/problem+json");
    assertThat(problem.get("body").get("status").asInt()).isEqualTo(500);
    assertThat(problem.get("body").get("requestId").asString()).isNotBlank();
  }

  @Test
  void theBrowserBlocksEveryCallFromAnotherOriginAndThePreflightStopsThePost() throws Exception {
    JsonNode results = fetchFrom(otherPages, "Blocked Donor");

    for (String call : new String[] {"simpleGet", "jsonPost", "credentialedGet", "headers"}) {
      assertThat(results.get(call).path("blocked").asBoolean()).as(call).isTrue();
      assertThat(results.get(call).get("error").asString()).as(call).contains("Failed to fetch");
    }
    assertThat(results.get("problem").path("blocked").asBoolean()).isTrue();
    HttpResponse<String> donors =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/donors"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(donors.body())
        .as("the refused preflight kept the POST away")
        .doesNotContain("Blocked Donor");
  }
}
