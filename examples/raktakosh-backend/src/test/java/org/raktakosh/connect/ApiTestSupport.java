package org.raktakosh.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The back end over Tomcat on a random port, for the API tests: one application context, so one
 * in-memory database, shared by every subclass. Tests that touch the inventory set the stock they
 * need first, since other tests change it too.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      // These tests send requests faster than the 50 per second a client may send.
      "stability.rate-limit.enabled=false",
      // The build machine's free space must not decide readiness.
      "raktakosh.disk.min-free=1KB"
    })
public abstract class ApiTestSupport {

  /** Reads response bodies. */
  protected static final JsonMapper JSON = JsonMapper.builder().build();

  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static Path backups;

  @LocalServerPort private int port;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    // The backup check creates its directory at start-up; keep it out of the working tree.
    backups = Files.createTempDirectory("raktakosh-api-backups");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    Files.deleteIfExists(backups);
  }

  /** GET {@code path}. */
  protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** GET {@code path} with one more header. */
  protected HttpResponse<String> get(String path, String header, String value)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header(header, value).GET());
  }

  /** POST {@code json} to {@code path}. */
  protected HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return send(withJson(path).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** PUT {@code json} to {@code path}. */
  protected HttpResponse<String> put(String path, String json)
      throws IOException, InterruptedException {
    return send(withJson(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** POST {@code json} to {@code path} without waiting for the answer. */
  protected CompletableFuture<HttpResponse<String>> postAsync(String path, String json) {
    return client.sendAsync(
        withJson(path).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The body of {@code response} as JSON. */
  protected static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /**
   * Asserts that {@code response} is an {@code application/problem+json} document with {@code
   * status}, and returns it.
   */
  protected static JsonNode assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem;
  }

  private HttpRequest.Builder withJson(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
