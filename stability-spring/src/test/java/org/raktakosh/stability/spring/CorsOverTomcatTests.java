package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** CORS and trusted hosts in a real Spring Boot application over Tomcat. */
@SpringBootTest(
    classes = CorsOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "stability.cors.profile=dev",
      "stability.cors.allowed-methods=GET,POST",
      "stability.cors.profiles.dev.allowed-origins=http://localhost:5173",
      "stability.cors.profiles.prod.allowed-origins=https://raktakosh.org",
      "stability.trusted-hosts.allowed-hosts=localhost,127.0.0.1,[::1]",
      "stability.trusted-hosts.excluded-paths=/health",
      "stability.timeout.paths[/api/slow]=300ms"
    })
class CorsOverTomcatTests {

  private static final String DEV = "http://localhost:5173";
  private static final AtomicInteger handled = new AtomicInteger();
  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort private int port;

  @BeforeEach
  void reset() {
    handled.set(0);
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("{\"name\":\"A\"}")
                    : HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void preflightIsAnsweredBeforeSpringMvcAndNeverReachesTheController() throws Exception {
    HttpResponse<String> response =
        send(
            "OPTIONS",
            "/api/donors",
            "Origin",
            DEV,
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(DEV);
    assertThat(header(response, "Access-Control-Allow-Methods")).isEqualTo("GET, POST");
    assertThat(header(response, "Access-Control-Allow-Headers")).isEqualTo("content-type");
    assertThat(handled).hasValue(0);
  }

  @Test
  void refusedPreflightIs403ProblemWithoutCorsHeaders() throws Exception {
    HttpResponse<String> response =
        send("OPTIONS", "/api/donors", "Origin", DEV, "Access-Control-Request-Method", "DELETE");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
    assertThat(header(response, "Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void actualRequestsFromTheDevOriginExposeTheRequestId() throws Exception {
    HttpResponse<String> get = send("GET", "/api/donors", "Origin", DEV);
    HttpResponse<String> post =
        send("POST", "/api/donors", "Origin", DEV, "Content-Type", "application/json");
    HttpResponse<String> prodOrigin = send("GET", "/api/donors", "Origin", "https://raktakosh.org");

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(header(get, "Access-Control-Allow-Origin")).isEqualTo(DEV);
    assertThat(header(get, "Access-Control-Expose-Headers")).isEqualTo("X-Request-Id");
    assertThat(header(get, "X-Request-Id")).isNotBlank();
    assertThat(post.statusCode()).isEqualTo(201);
    assertThat(header(post, "Access-Control-Allow-Origin")).isEqualTo(DEV);
    assertThat(prodOrigin.statusCode()).isEqualTo(200);
    assertThat(header(prodOrigin, "Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void errorsAndNotFoundCarryTheCorsHeaders() throws Exception {
    HttpResponse<String> failed = send("GET", "/api/fail", "Origin", DEV);
    HttpResponse<String> missing = send("GET", "/api/nowhere", "Origin", DEV);

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(header(failed, "Content-Type")).startsWith("application/problem+json");
    assertThat(missing.statusCode()).isEqualTo(404);
    for (HttpResponse<String> response : List.of(failed, missing)) {
      assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(DEV);
      assertThat(response.headers().allValues("Vary"))
          .anySatisfy(v -> assertThat(v).contains("Origin"));
    }
  }

  @Test
  void aTimeoutAnswerCarriesTheCorsHeaders() throws Exception {
    HttpResponse<String> timedOut = send("GET", "/api/slow", "Origin", DEV);

    assertThat(timedOut.statusCode()).isEqualTo(503);
    assertThat(header(timedOut, "Content-Type")).startsWith("application/problem+json");
    assertThat(timedOut.headers().allValues("Access-Control-Allow-Origin")).containsExactly(DEV);
  }

  @Test
  void aForgedHostIs400AndProbesByAddressAreExempt() throws Exception {
    assertThat(rawStatus("/api/donors", "evil.example")).isEqualTo(400);
    assertThat(rawStatus("/api/donors", "localhost:" + port)).isEqualTo(200);
    assertThat(rawStatus("/api/donors", "[::1]:" + port)).isEqualTo(200);
    assertThat(rawStatus("/health", "10.0.0.9:" + port)).isEqualTo(200);
  }

  private int rawStatus(String path, String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String statusLine = all.toString(StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Api.class)
  static class TestApplication {}

  @RestController
  static class Api {
    @GetMapping("/api/donors")
    List<String> donors() {
      handled.incrementAndGet();
      return List.of("A");
    }

    @PostMapping("/api/donors")
    org.springframework.http.ResponseEntity<String> register(@RequestBody String body) {
      handled.incrementAndGet();
      return org.springframework.http.ResponseEntity.status(201).body(body);
    }

    @GetMapping("/api/slow")
    String slow() throws InterruptedException {
      Thread.sleep(10_000); // interrupted by the 300 ms timeout
      return "late";
    }

    @GetMapping("/api/fail")
    String fail() {
      throw new IllegalStateException("boom");
    }
  }
}
