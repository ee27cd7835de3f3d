package org.raktakosh.stability.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.GzipFilter;
import org.raktakosh.stability.servlet.GzipMetrics;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The gzip filter in a real Spring Boot application over Tomcat: Spring MVC message converters
 * (which flush), {@code ResponseEntity} ETags and Spring's own 304, a handler that streams flushed
 * chunks, and gzip request bodies read by {@code @RequestBody}.
 */
@SpringBootTest(
    classes = GzipOverTomcatTests.TestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"stability.health.enabled=false", "stability.gzip.max-inflated-size=1MB"})
class GzipOverTomcatTests {

  static final AtomicBoolean streamFinished = new AtomicBoolean();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort private int port;

  @Autowired private GzipFilter filter;

  @Autowired private MeterRegistry meters;

  static String large() {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < 400; i++) {
      out.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"group\":\"O+\"}");
    }
    return out.append(']').toString();
  }

  static String chunk(int i) {
    return "chunk " + i + " " + "0123456789".repeat(150) + "\n";
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder builder = request(path).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  @Test
  void jsonFromAMessageConverterIsCompressed() throws Exception {
    HttpResponse<byte[]> response = get("/large", "Accept-Encoding", "gzip, deflate");

    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(response, "Vary")).contains("Accept-Encoding");
    assertThat(new String(gunzip(response.body()), StandardCharsets.UTF_8)).isEqualTo(large());
    assertThat(meters.get(GzipMetrics.RESPONSES).functionCounter().count()).isPositive();
  }

  @Test
  void gzipAtQZeroGetsThePlainBody() throws Exception {
    HttpResponse<byte[]> response = get("/large", "Accept-Encoding", "gzip;q=0");

    assertThat(header(response, "Content-Encoding")).isNull();
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(large());
  }

  @Test
  void smallFlushedJsonStaysPlain() throws Exception {
    HttpResponse<byte[]> response = get("/small", "Accept-Encoding", "gzip");

    assertThat(header(response, "Content-Encoding")).isNull();
    assertThat(JSON.readTree(response.body()).get("ok").asBoolean()).isTrue();
  }

  @Test
  void headGetsTheHeadersOfGetWithoutABody() throws Exception {
    HttpResponse<byte[]> head =
        client.send(
            request("/large")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(header(head, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(head, "Vary")).contains("Accept-Encoding");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void noContentAndNoTransformAreNotCompressed() throws Exception {
    HttpResponse<byte[]> empty = get("/no-content", "Accept-Encoding", "gzip");
    HttpResponse<byte[]> noTransform = get("/no-transform", "Accept-Encoding", "gzip");

    assertThat(empty.statusCode()).isEqualTo(204);
    assertThat(header(empty, "Content-Encoding")).isNull();
    assertThat(header(noTransform, "Content-Encoding")).isNull();
    assertThat(new String(noTransform.body(), StandardCharsets.UTF_8)).isEqualTo(large());
  }

  @Test
  void alreadyEncodedBodyPassesThroughUntouched() throws Exception {
    HttpResponse<byte[]> response = get("/encoded", "Accept-Encoding", "gzip");

    assertThat(header(response, "Content-Encoding")).isEqualTo("br");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(large());
  }

  @Test
  void springAnswers304ForTheGzipEtag() throws Exception {
    HttpResponse<byte[]> first = get("/etag", "Accept-Encoding", "gzip");
    assertThat(header(first, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(first, "ETag")).isEqualTo("\"v1--gzip\"");

    HttpResponse<byte[]> second =
        get("/etag", "Accept-Encoding", "gzip", "If-None-Match", header(first, "ETag"));

    assertThat(second.statusCode()).isEqualTo(304);
    assertThat(header(second, "ETag")).isEqualTo("\"v1--gzip\"");
    assertThat(header(second, "Vary")).contains("Accept-Encoding");
  }

  @Test
  void streamingBodyDeliversTheFirstChunkBeforeTheStreamEnds() throws Exception {
    streamFinished.set(false);
    HttpResponse<InputStream> response =
        client.send(
            request("/stream").header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");

    try (GZIPInputStream in = new GZIPInputStream(response.body())) {
      byte[] first = in.readNBytes(chunk(0).length());
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(chunk(0));
      assertThat(streamFinished).isFalse();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).endsWith(chunk(4));
    }
  }

  @Test
  void gzipRequestBodyIsInflatedForRequestBody() throws Exception {
    byte[] plain = large().getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        client.send(
            request("/echo")
                .header("Content-Encoding", "gzip")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(plain)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Integer.toString(plain.length));
  }

  @Test
  void gzipFormBodyReachesRequestParams() throws Exception {
    // Tomcat parses a POST form from the body it reads itself; the filter gives Spring the
    // inflated one's parameters, after the query's.
    byte[] form = "name=Asha+Rao&group=O%2B".getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> response =
        client.send(
            request("/donor-form?city=Pune")
                .header("Content-Encoding", "gzip")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Asha Rao|O+|Pune");
  }

  @Test
  void bombIsRefusedWith413AndTruncatedBodyWith400() throws Exception {
    byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
    byte[] whole = gzip(large().getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

    for (Object[] c : new Object[][] {{bomb, 413}, {truncated, 400}}) {
      HttpResponse<String> response =
          client.send(
              request("/echo")
                  .header("Content-Encoding", "gzip")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray((byte[]) c[0]))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(c[1]);
      assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.get("status").asInt()).isEqualTo(c[1]);
    }
    assertThat(filter.deflatersInUse()).isZero();
  }

  @RestController
  static class GzipController {

    @GetMapping(value = "/large", produces = MediaType.APPLICATION_JSON_VALUE)
    String large() {
      return GzipOverTomcatTests.large();
    }

    @GetMapping("/small")
    java.util.Map<String, Object> small() {
      return java.util.Map.of("ok", true);
    }

    @GetMapping("/no-content")
    ResponseEntity<Void> noContent() {
      return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/no-transform", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> noTransform() {
      return ResponseEntity.ok().cacheControl(CacheControl.empty().noTransform()).body(large());
    }

    @GetMapping(value = "/encoded", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> encoded() {
      // Stands for a body the application compressed itself; its bytes must reach the client as is.
      return ResponseEntity.ok().header("Content-Encoding", "br").body(large());
    }

    @GetMapping(value = "/etag", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> etag() {
      return ResponseEntity.ok().eTag("\"v1\"").body(large());
    }

    @GetMapping("/stream")
    void stream(jakarta.servlet.http.HttpServletResponse response) throws IOException {
      response.setContentType(MediaType.TEXT_PLAIN_VALUE);
      for (int i = 0; i < 5; i++) {
        response.getOutputStream().write(chunk(i).getBytes(StandardCharsets.UTF_8));
        response.getOutputStream().flush();
        try {
          Thread.sleep(400); // the application's pacing, not a test wait
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      streamFinished.set(true);
    }

    @PostMapping("/echo")
    String echo(@RequestBody String body) {
      return Integer.toString(body.length());
    }

    @PostMapping("/donor-form")
    String donorForm(
        @RequestParam String name, @RequestParam String group, @RequestParam String city) {
      return name + "|" + group + "|" + city;
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(GzipController.class)
  static class TestApplication {}
}
