package org.raktakosh.connect.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With {@code stability.enabled=false} there are no Stability background tasks; backups go on. */
@SpringBootTest(
    properties = {
      "stability.enabled=false",
      "raktakosh.backup.enabled=true",
      "raktakosh.backup.interval=1h"
    })
class BackupWithoutStabilityTests {

  private static Path backups;

  @Autowired private ApplicationContext context;

  @Autowired private BackupConfiguration.BackupSchedule schedule;

  @Autowired private DatabaseBackup backup;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    backups = Files.createTempDirectory("raktakosh-backup-plain");
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
  void theScheduleRunsOnTasksOfItsOwn() throws Exception {
    assertThat(context.getBeansOfType(BackgroundTasks.class)).isEmpty();

    await().atMost(Duration.ofSeconds(20)).until(() -> schedule.task().statistics().runs() >= 1);

    assertThat(schedule.task().statistics().failures()).isZero();
    assertThat(backup.snapshots()).hasSize(1);
  }
}
