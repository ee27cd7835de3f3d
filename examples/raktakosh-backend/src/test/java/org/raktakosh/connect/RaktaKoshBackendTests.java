package org.raktakosh.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.connect.demo.DemoController;
import org.raktakosh.stability.health.HealthWatchdog;
import org.raktakosh.stability.servlet.ErrorRecoveryConfig;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The back end over Tomcat on a random port, with a temporary backup directory. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      // Every request re-checks the backup, so each test sees the files it just arranged.
      "stability.health.checks.backupDirectory.cache-ttl=0",
      // The build machine's free space must not decide whether these tests pass.
      "raktakosh.disk.min-free=1KB"
    })
class RaktaKoshBackendTests {

  private static final HttpClient client = HttpClient.newHttpClient();

  private static Path backups;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort private int port;

  @Autowired private ErrorRecoveryConfig errorConfig;

  @Autowired private HealthWatchdog watchdog;

  @Autowired private BackgroundTasks tasks;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    backups = Files.createTempDirectory("raktakosh-backups");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(backups)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @BeforeEach
  void lastNightsBackupIsThere() throws IOException {
    emptyBackupDirectory();
    Files.writeString(backups.resolve("donors-last-night.sql"), "-- backup");
  }

  @Test
  void registeredDonorIsListed() throws Exception {
    HttpResponse<String> created =
        post(
            "/api/donors",
            """
            {"name":"Asha Devi","bloodGroup":"O-","city":"Kolkata","phone":"+91 98300 12345"}
            """);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).contains("/api/donors/"));
    assertThat(created.body()).contains("\"bloodGroup\":\"O-\"");
    assertThat(get("/api/donors?bloodGroup=O-&city=kolkata").body()).contains("Asha Devi");
    assertThat(get("/api/donors?bloodGroup=A%2B").body()).doesNotContain("Asha Devi");
  }

  @Test
  void invalidDonorIsRejectedWithAProblem() throws Exception {
    HttpResponse<String> response =
        post(
            "/api/donors",
            "{\"name\":\"\",\"bloodGroup\":\"Z+\",\"city\":\"Pune\",\"phone\":\"12\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"status\":400");
  }

  @Test
  void healthIsUpWithAFreshBackup() throws Exception {
    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void backupHealthAnswersForTheBackupGroup() throws Exception {
    HttpResponse<String> response = get("/backup-health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{\"status\":\"UP\",\"group\":\"backup\"");
  }

  @Test
  void staleBackupDegradesTheApplicationAndTakesTheBackupGroupDown() throws Exception {
    Files.setLastModifiedTime(
        backups.resolve("donors-last-night.sql"),
        FileTime.from(Instant.now().minus(Duration.ofHours(30))));

    HttpResponse<String> health = get("/health");
    HttpResponse<String> backup = get("/backup-health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"DEGRADED\"}");
    assertThat(backup.statusCode()).isEqualTo(503);
    assertThat(backup.body()).startsWith("{\"status\":\"DOWN\"").contains("30 h old");
  }

  @Test
  void emptyBackupDirectoryMeansNoBackupYet() throws Exception {
    emptyBackupDirectory();

    HttpResponse<String> backup = get("/backup-health");

    assertThat(backup.statusCode()).isEqualTo(503);
    assertThat(backup.body()).startsWith("{\"status\":\"DOWN\"").contains("no backup yet");
  }

  @Test
  void demoFailureIsA500ProblemCarryingTheRequestIdAndNotTheMessage() throws Exception {
    HttpResponse<String> response = get("/demo/fail");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(500);
    assertThat(problem.get("instance").asString()).isEqualTo("/demo/fail");
    assertThat(problem.get("requestId").asString())
        .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(response.body())
        .doesNotContain(DemoController.FAILURE_MESSAGE, "IllegalStateException");
  }

  @Test
  void livenessWatchesDeadlocksAndTheWatchdogWatchesLiveness() throws Exception {
    HttpResponse<String> live = get("/health/live");

    assertThat(live.statusCode()).isEqualTo(200);
    JsonNode checks = JSON.readTree(live.body()).path("checks");
    assertThat(checks.path("deadlocks").path("status").asString()).isEqualTo("UP");
    assertThat(checks.path("heap").isMissingNode()).isFalse();
    assertThat(watchdog.group()).isEqualTo("liveness");
    assertThat(tasks.names()).contains("watchdog:liveness");
  }

  @Test
  void illegalArgumentIsMappedTo400ByTheApplicationYml() {
    assertThat(errorConfig.mappings().find(new NumberFormatException()))
        .hasValueSatisfying(mapping -> assertThat(mapping.status()).isEqualTo(400));
  }

  private static void emptyBackupDirectory() throws IOException {
    try (Stream<Path> files = Files.list(backups)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
