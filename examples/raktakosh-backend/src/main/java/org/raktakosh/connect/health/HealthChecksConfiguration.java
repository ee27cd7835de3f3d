package org.raktakosh.connect.health;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.checks.HealthChecks;
import org.raktakosh.stability.spring.HealthCheckRegistration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The back end's health checks. The Stability starter registers each bean and serves them at {@code
 * /health}, {@code /health/live}, {@code /health/ready} and {@code /backup-health}; {@code
 * stability.health.checks.<name>.*} in application.yml tunes them without a rebuild.
 */
@Configuration(proxyBeanMethods = false)
public class HealthChecksConfiguration {

  /**
   * How long a backup verdict is reused: the check lists a directory and writes a file, and probes
   * may come every few seconds, while a backup's age changes by the hour.
   */
  static final Duration BACKUP_CACHE_TTL = Duration.ofSeconds(30);

  /** The process answers: liveness. */
  @Bean
  HealthCheckRegistration pingHealthCheck() {
    return HealthCheckRegistration.of(
        "ping",
        HealthChecks.ping(),
        HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build());
  }

  /**
   * Heap use: liveness, since a JVM that stays out of heap does not recover on its own. It is DOWN
   * only at 95 % of the maximum heap, and Kubernetes restarts only after several failed probes in a
   * row, so a burst of garbage before a collection does not restart the pod. If it ever does,
   * {@code stability.health.checks.heap.critical=false} turns its DOWN into DEGRADED (still 200).
   */
  @Bean
  HealthCheckRegistration heapHealthCheck() {
    return HealthCheckRegistration.of(
        "heap",
        HealthChecks.heapMemory(),
        HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build());
  }

  /**
   * Deadlocked threads: liveness, since a deadlock never heals and a restart does. With the
   * watchdog ({@code stability.watchdog.*}) three DOWN runs in a row log an ERROR, or exit with
   * code 70 where {@code action: exit} is set.
   */
  @Bean
  HealthCheckRegistration deadlocksHealthCheck() {
    return HealthCheckRegistration.of(
        "deadlocks",
        HealthChecks.deadlockedThreads(),
        HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build());
  }

  /**
   * Live threads: in no group and not critical, so a thread leak shows as DEGRADED in {@code
   * /health} and in {@code /health/detailed} long before the JVM runs out of native threads,
   * without restarting anything. Tomcat's 200 workers plus the JVM's own stay well below 500.
   */
  @Bean
  HealthCheckRegistration threadsHealthCheck() {
    return HealthCheckRegistration.of(
        "threads",
        HealthChecks.threadCount(500, 1000),
        HealthCheckOptions.custom().critical(false).build());
  }

  /** Free disk space: readiness, since an instance that cannot write should not take traffic. */
  @Bean
  HealthCheckRegistration diskSpaceHealthCheck(RaktaKoshHealthProperties properties) {
    return HealthCheckRegistration.of(
        "diskSpace",
        HealthChecks.diskSpace(
            properties.disk().watchedPath(), properties.disk().minFree().toBytes()),
        HealthCheckOptions.custom().groups(HealthCheckOptions.READINESS).build());
  }

  /**
   * Backups: the {@code backup} group, served at {@code /backup-health}; not critical, so a stale
   * backup degrades the application instead of taking it out of rotation.
   */
  @Bean
  HealthCheckRegistration backupHealthCheck(RaktaKoshHealthProperties properties, Clock clock)
      throws IOException {
    return HealthCheckRegistration.of(
        "backupDirectory",
        new BackupHealthCheck(
            properties.backup().directoryPath(), properties.backup().maxAge(), clock),
        HealthCheckOptions.custom()
            .groups("backup")
            .critical(false)
            .cacheTtl(BACKUP_CACHE_TTL)
            .build());
  }

  /**
   * Free space where the backups go: the {@code backup} group, not critical. A full backup disk is
   * the usual way a backup job starts failing; this says so before the newest backup grows old. The
   * directory exists by now: the backup check creates it.
   */
  @Bean
  HealthCheckRegistration backupDiskSpaceHealthCheck(RaktaKoshHealthProperties properties) {
    return HealthCheckRegistration.of(
        "backupDiskSpace",
        HealthChecks.diskSpace(
            properties.backup().directoryPath().toAbsolutePath(),
            properties.backup().minFree().toBytes()),
        HealthCheckOptions.custom()
            .groups("backup")
            .critical(false)
            .cacheTtl(BACKUP_CACHE_TTL)
            .build());
  }
}
