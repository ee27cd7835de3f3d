package org.raktakosh.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The back end's dev CORS profile and trusted hosts, over Tomcat. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"raktakosh.disk.min-free=1KB", "raktakosh.hosts=api.raktakosh.org"})
class CorsAndTrustedHostsTests {

  private static final String FRONT_END = "http://localhost:5173";
  private static final HttpClient client = HttpClient.newHttpClient();

  @LocalServerPort private int port;

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .headers(headers)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theViteFrontEndMayCallTheApiAndReadTheRequestId() throws Exception {
    HttpResponse<String> preflight =
        send(
            "OPTIONS",
            "/api/donors",
            "Origin",
            FRONT_END,
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type");
    HttpResponse<String> list = send("GET", "/api/donors", "Origin", FRONT_END);

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(FRONT_END);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    assertThat(list.headers().firstValue("Access-Control-Allow-Origin")).contains(FRONT_END);
    assertThat(list.headers().firstValue("Access-Control-Expose-Headers")).contains("X-Request-Id");
  }

  @Test
  void otherOriginsGetNoCorsHeaders() throws Exception {
    HttpResponse<String> list = send("GET", "/api/donors", "Origin", "https://raktakosh.org");

    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void onlyLoopbackAndConfiguredHostsAreServedButProbesByAddressAre() throws Exception {
    assertThat(RawHttp.status(port, "/api/donors", "localhost:" + port)).isEqualTo(200);
    assertThat(RawHttp.status(port, "/api/donors", "127.0.0.1:" + port)).isEqualTo(200);
    assertThat(RawHttp.status(port, "/api/donors", "[::1]:" + port)).isEqualTo(200);
    assertThat(RawHttp.status(port, "/api/donors", "api.raktakosh.org")).isEqualTo(200);
    assertThat(RawHttp.status(port, "/api/donors", "evil.example")).isEqualTo(400);
    assertThat(RawHttp.status(port, "/health/live", "10.0.0.12:" + port)).isEqualTo(200);
  }
}
