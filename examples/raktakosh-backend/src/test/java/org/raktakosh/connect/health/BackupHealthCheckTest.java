package org.raktakosh.connect.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

class BackupHealthCheckTest {

  private static final Instant NOW = Instant.parse("2025-03-01T06:00:00Z");
  private static final Duration MAX_AGE = Duration.ofHours(26);

  @TempDir Path root;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void missingDirectoryIsCreated() throws Exception {
    Path directory = root.resolve("backups/nightly");

    new BackupHealthCheck(directory, MAX_AGE, clock);

    assertThat(directory).isDirectory();
  }

  @Test
  void emptyDirectoryIsDownWithNoBackupYet() throws Exception {
    HealthResult result = new BackupHealthCheck(root, MAX_AGE, clock).check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message()).contains("no backup yet");
  }

  @Test
  void backupYoungerThanTheMaximumAgeIsUp() throws Exception {
    backup("a.sql", NOW.minus(Duration.ofHours(25)));

    HealthResult result = new BackupHealthCheck(root, MAX_AGE, clock).check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details()).containsEntry("newestFile", "a.sql");
  }

  @Test
  void onlyTheNewestBackupCounts() throws Exception {
    backup("old.sql", NOW.minus(Duration.ofDays(10)));
    backup("new.sql", NOW.minus(Duration.ofHours(1)));

    HealthResult result = new BackupHealthCheck(root, MAX_AGE, clock).check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details()).containsEntry("newestFile", "new.sql");
  }

  @Test
  void backupOlderThanTheMaximumAgeIsDownWithItsAge() throws Exception {
    backup("a.sql", NOW.minus(Duration.ofHours(27)));

    HealthResult result = new BackupHealthCheck(root, MAX_AGE, clock).check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message()).contains("newest backup is 27 h old, more than 26 h");
    assertThat(result.details()).containsEntry("ageSeconds", Duration.ofHours(27).toSeconds());
  }

  @Test
  void directoryRemovedAfterStartIsDown() throws Exception {
    Path directory = root.resolve("backups");
    BackupHealthCheck check = new BackupHealthCheck(directory, MAX_AGE, clock);
    Files.delete(directory);

    HealthResult result = check.check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message()).contains("backup directory is missing");
  }

  @Test
  void checkLeavesNoProbeFileBehind() throws Exception {
    new BackupHealthCheck(root, MAX_AGE, clock).check();

    assertThat(root).isEmptyDirectory();
  }

  @Test
  void zeroMaximumAgeIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackupHealthCheck(root, Duration.ZERO, clock))
        .withMessageContaining("raktakosh.backup.max-age");
  }

  private void backup(String name, Instant modified) throws Exception {
    Path file = Files.writeString(root.resolve(name), "-- backup");
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }
}
