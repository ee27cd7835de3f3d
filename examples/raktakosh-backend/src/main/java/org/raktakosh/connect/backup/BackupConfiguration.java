package org.raktakosh.connect.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.raktakosh.connect.health.RaktaKoshHealthProperties;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.raktakosh.stability.tasks.ScheduledTask;
import org.raktakosh.stability.tasks.TaskOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The backup service: a Stability background task named {@code backup} snapshots the database every
 * {@code raktakosh.backup.interval} (the first at start-up) and keeps {@code raktakosh.backup.keep}
 * snapshots. A failed run is logged and counted ({@code stability.tasks.failures{task=backup}}) and
 * the schedule goes on; the {@code backup} group at {@code /backup-health} turns DOWN when the
 * newest snapshot grows older than {@code raktakosh.backup.max-age}. The task stops with the other
 * background tasks when the application shuts down, after the requests have drained.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "raktakosh.backup.enabled", matchIfMissing = true)
public class BackupConfiguration {

  private static final Logger log = LoggerFactory.getLogger(BackupConfiguration.class);

  /** The snapshots of the application's database. */
  @Bean
  DatabaseBackup databaseBackup(
      DataSource dataSource, RaktaKoshHealthProperties properties, Clock clock) {
    return new DatabaseBackup(
        dataSource, properties.backup().directoryPath(), properties.backup().keep(), clock);
  }

  /**
   * The schedule, on Stability's background tasks; with {@code stability.enabled=false} there are
   * none, and backups must not stop for that, so the schedule then runs on tasks of its own.
   */
  @Bean
  BackupSchedule backupSchedule(
      ObjectProvider<BackgroundTasks> stabilityTasks,
      DatabaseBackup backup,
      DataSource dataSource,
      RaktaKoshHealthProperties properties)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName();
      if (!"H2".equals(product)) {
        log.warn(
            "raktakosh.backup.enabled is on but the database is {}; back it up with its own tools"
                + " (pg_dump) and set raktakosh.backup.enabled=false",
            product);
      }
    }
    return new BackupSchedule(stabilityTasks.getIfAvailable(), backup, properties.backup());
  }

  /** The running schedule; stops the tasks it had to create itself. */
  static final class BackupSchedule implements DisposableBean {
    private final BackgroundTasks owned;
    private final ScheduledTask task;

    BackupSchedule(
        BackgroundTasks shared, DatabaseBackup backup, RaktaKoshHealthProperties.Backup settings) {
      this.owned = shared == null ? BackgroundTasks.ofDefaults() : null;
      BackgroundTasks tasks = shared == null ? owned : shared;
      this.task =
          tasks.atFixedRate(
              "backup",
              settings.interval(),
              // A snapshot that takes longer than the interval is stuck: interrupt it, count it.
              TaskOptions.custom().timeout(settings.interval()).build(),
              () -> {
                try {
                  backup.snapshot();
                } catch (Exception e) {
                  throw new IllegalStateException("database backup failed", e);
                }
              });
    }

    /** The scheduled task, for its statistics. */
    ScheduledTask task() {
      return task;
    }

    @Override
    public void destroy() {
      if (owned != null) {
        owned.close();
      }
    }
  }
}
