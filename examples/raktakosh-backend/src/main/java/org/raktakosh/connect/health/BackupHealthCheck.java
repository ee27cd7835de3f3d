package org.raktakosh.connect.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

/**
 * Whether backups are being made: the backup directory must be writable and its newest regular file
 * younger than a maximum age.
 *
 * <ul>
 *   <li>UP: writable, and the newest file is young enough;
 *   <li>DOWN "no backup yet": writable but empty. We know the answer, there is no backup, so this
 *       is a failure rather than UNKNOWN; UNKNOWN would let a backup job that never ran go
 *       unnoticed, since nobody alerts on it and its gauge is NaN;
 *   <li>DOWN: the newest file is too old, or the directory is missing or not writable.
 * </ul>
 *
 * <p>Registered as non-critical, so a stale backup makes the application DEGRADED, not DOWN: the
 * donors API still works without last night's backup. {@code /backup-health}, the group watched for
 * backups, reports the check as it is and answers DOWN (503).
 */
public final class BackupHealthCheck implements HealthCheck {

  /** Prefix of the probe file written to test that the directory is writable. */
  static final String PROBE_PREFIX = ".stability-probe-";

  private final Path directory;
  private final Duration maxAge;
  private final Clock clock;

  /**
   * A check of {@code directory}, which it creates if missing.
   *
   * @throws IOException if the directory does not exist and cannot be created
   * @throws IllegalArgumentException if {@code maxAge} is zero or negative
   */
  public BackupHealthCheck(Path directory, Duration maxAge, Clock clock) throws IOException {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("raktakosh.backup.max-age must be positive: " + maxAge);
    }
    // Created once here; a directory that disappears later is reported, not silently recreated.
    Files.createDirectories(this.directory);
  }

  @Override
  public HealthResult check() throws IOException {
    if (!Files.isDirectory(directory)) {
      return down("backup directory is missing").build();
    }
    try {
      // Writing a file is the only reliable test: isWritable ignores read-only mounts and quotas.
      Files.delete(Files.createTempFile(directory, PROBE_PREFIX, ".tmp"));
    } catch (IOException e) {
      return down("backup directory is not writable: " + e.getClass().getSimpleName())
          .error(e)
          .build();
    }
    Optional<Newest> newest = newestBackup();
    if (newest.isEmpty()) {
      return down("no backup yet").build();
    }
    Duration age = Duration.between(newest.get().modified(), clock.instant());
    boolean stale = age.compareTo(maxAge) > 0;
    return HealthResult.builder(stale ? Status.DOWN : Status.UP)
        .message(
            stale
                ? "newest backup is " + describe(age) + " old, more than " + describe(maxAge)
                : null)
        .detail("directory", directory.toString())
        .detail("newestFile", newest.get().name())
        .detail("newestModified", newest.get().modified().toString())
        .detail("ageSeconds", Math.max(0, age.toSeconds()))
        .detail("maxAgeSeconds", maxAge.toSeconds())
        .build();
  }

  private Optional<Newest> newestBackup() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          // Hidden files are work in progress: the probe, a snapshot still being written.
          .filter(file -> !file.getFileName().toString().startsWith("."))
          .map(BackupHealthCheck::describeFile)
          .flatMap(Optional::stream)
          .max((a, b) -> a.modified().compareTo(b.modified()));
    }
  }

  /** The file's name and modification time, or empty if it vanished while we looked. */
  private static Optional<Newest> describeFile(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      return Optional.of(new Newest(file.getFileName().toString(), modified.toInstant()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private HealthResult.Builder down(String message) {
    return HealthResult.builder(Status.DOWN)
        .message(message)
        .detail("directory", directory.toString());
  }

  private static String describe(Duration duration) {
    long hours = duration.toHours();
    return hours >= 1 ? hours + " h" : Math.max(0, duration.toMinutes()) + " min";
  }

  private record Newest(String name, Instant modified) {}
}
