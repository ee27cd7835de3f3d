package org.raktakosh.connect.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /demo/large} and {@code /demo/stream} over Tomcat with gzip on, as the app ships. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"raktakosh.disk.min-free=1KB"})
class GzipDemoEndpointTests {

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Path backups;

  @LocalServerPort private int port;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    backups = Files.createTempDirectory("raktakosh-gzip-backups");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    Files.deleteIfExists(backups);
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  @Test
  void largeIsCompressedWithAGzipEtagThatRevalidates() throws Exception {
    HttpResponse<byte[]> plain = get("/demo/large?kb=64");
    HttpResponse<byte[]> gzip = get("/demo/large?kb=64", "Accept-Encoding", "gzip");

    assertThat(plain.body().length).isBetween(63 * 1024, 65 * 1024);
    assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gunzip(gzip.body())).isEqualTo(plain.body());
    assertThat(gzip.body().length).isLessThan(plain.body().length / 5);
    String etag = gzip.headers().firstValue("ETag").orElseThrow();
    assertThat(etag)
        .isEqualTo(
            plain.headers().firstValue("ETag").orElseThrow().replaceFirst("\"$", "--gzip\""));

    HttpResponse<byte[]> revalidated =
        get("/demo/large?kb=64", "Accept-Encoding", "gzip", "If-None-Match", etag);
    assertThat(revalidated.statusCode()).isEqualTo(304);
    JsonNode donors = JSON.readTree(plain.body()).get("donors");
    assertThat(donors.size()).isPositive();
  }

  @Test
  void streamLinesArriveCompressedAndComplete() throws Exception {
    HttpResponse<byte[]> response = get("/demo/stream?chunks=3&ms=10", "Accept-Encoding", "gzip");

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String[] lines = new String(gunzip(response.body()), StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(JSON.readTree(lines[2]).get("chunk").asInt()).isEqualTo(2);
  }

  @Test
  void outOfRangeParametersAre400Problems() throws Exception {
    for (String path :
        new String[] {
          "/demo/large?kb=0", "/demo/large?kb=10241", "/demo/large?kb=x",
          "/demo/stream?chunks=0", "/demo/stream?chunks=101", "/demo/stream?ms=-1",
          "/demo/stream?ms=10001"
        }) {
      HttpResponse<byte[]> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
    }
  }
}
