package org.raktakosh.connect.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The backup service on a real server: a snapshot at start-up and then every interval (short here),
 * at most {@code keep} kept, the {@code backup} group UP once there is one, and the runs counted by
 * Stability's background tasks.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "raktakosh.backup.enabled=true",
      "raktakosh.backup.interval=300ms",
      "raktakosh.backup.keep=3",
      "raktakosh.disk.min-free=1KB",
      "raktakosh.backup.min-free=1KB",
      "stability.health.checks.backupDirectory.cache-ttl=0",
      "stability.rate-limit.enabled=false"
    })
class DatabaseBackupTests {

  private static Path backups;

  @LocalServerPort private int port;

  @Autowired private DatabaseBackup backup;

  @Autowired private BackgroundTasks tasks;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    backups = Files.createTempDirectory("raktakosh-backup-service");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(backups)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Test
  void snapshotsAreTakenOnScheduleAndOnlyTheNewestAreKept() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> tasks.find("backup").orElseThrow().statistics().runs() >= 6);

    List<Path> kept = backup.snapshots();
    assertThat(kept).hasSizeBetween(1, 3);
    assertThat(tasks.find("backup").orElseThrow().statistics().failures()).isZero();
    try (Stream<Path> files = Files.list(backups)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".partial-"))
          .allMatch(name -> name.startsWith(DatabaseBackup.PREFIX));
    }
    try (ZipFile zip = new ZipFile(kept.get(0).toFile())) {
      assertThat(zip.size()).isPositive(); // a real, readable archive of the database
    }
  }

  @Test
  void backupHealthIsUpOnceASnapshotExists() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/backup-health"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
  }
}
