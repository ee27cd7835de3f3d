package org.raktakosh.connect.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.raktakosh.connect.RawHttp;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The overhead benchmark's hand-rolled peer, on a server with Stability off: each of its filters
 * does its job with Stability's settings, so that the benchmark compares like with like.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "stability.enabled=false",
      "raktakosh.demo.hand-rolled=true",
      "stability.rate-limit.limit-for-period=3",
      "stability.rate-limit.refresh-period=1h"
    })
class HandRolledFiltersTests {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static Path backups;

  @LocalServerPort private int port;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    backups = Files.createTempDirectory("raktakosh-hand-rolled-backups");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    Files.deleteIfExists(backups);
  }

  @Test
  void theFiltersApplyStabilitysSettings() throws Exception {
    // One test, in order: the rate limit (3 per hour here) counts every request that passes the
    // filters before it.
    HttpResponse<String> plain = send(request("/demo/slow?ms=0").build());
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.body()).isEqualTo("{\"sleptMs\":0}");
    assertThat(plain.headers().firstValue("X-Request-Id").orElseThrow())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    HttpResponse<String> preflight =
        send(
            request("/api/donors")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("http://localhost:5173");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains("1800");

    HttpResponse<String> foreignOrigin =
        send(request("/demo/slow?ms=0").header("Origin", "https://evil.example").build());
    assertThat(foreignOrigin.statusCode()).isEqualTo(403);

    // Over a raw socket: HttpClient does not let a caller set Host.
    assertThat(RawHttp.status(port, "/demo/slow?ms=0", "evil.example")).isEqualTo(400);

    // One request passed the rate limiter so far: the others were answered by the filters before
    // it.
    assertThat(send(request("/demo/slow?ms=0").build()).statusCode()).isEqualTo(200);
    assertThat(send(request("/demo/slow?ms=0").build()).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = send(request("/demo/slow?ms=0").build());
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("1");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
