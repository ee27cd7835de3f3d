package org.raktakosh.connect.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots the H2 database into the backup directory and keeps the newest {@code keep} snapshots.
 * A file database is copied with H2's {@code BACKUP TO} (a consistent copy of the database file,
 * zipped, while it stays online); an in-memory one, which has no file to copy, with {@code SCRIPT
 * TO ... COMPRESSION ZIP}. A snapshot is written under a temporary name and renamed when complete,
 * so the backup check never takes a half-written file for a fresh backup.
 */
public final class DatabaseBackup {

  private static final Logger log = LoggerFactory.getLogger(DatabaseBackup.class);

  /** Prefix and suffix of snapshot files; nothing else in the directory is ever deleted. */
  static final String PREFIX = "raktakosh-";

  static final String SUFFIX = ".zip";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final DataSource dataSource;
  private final Path directory;
  private final int keep;
  private final Clock clock;

  /** Snapshots of {@code dataSource} into {@code directory}, keeping the newest {@code keep}. */
  public DatabaseBackup(DataSource dataSource, Path directory, int keep, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.directory = directory.toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
    if (keep < 1) {
      throw new IllegalArgumentException("raktakosh.backup.keep must be at least 1: " + keep);
    }
    this.keep = keep;
  }

  /**
   * Takes one snapshot and deletes the ones beyond {@code keep}.
   *
   * @return the snapshot
   * @throws IOException if the directory cannot be written
   * @throws SQLException if the database refuses the backup
   */
  public Path snapshot() throws IOException, SQLException {
    Files.createDirectories(directory);
    Path target = directory.resolve(PREFIX + STAMP.format(clock.instant()) + SUFFIX);
    Path partial = directory.resolve(".partial-" + target.getFileName());
    Files.deleteIfExists(partial);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      String url = connection.getMetaData().getURL();
      String file = partial.toString().replace("'", "''");
      statement.execute(
          url.startsWith("jdbc:h2:mem:")
              ? "SCRIPT TO '" + file + "' COMPRESSION ZIP"
              : "BACKUP TO '" + file + "'");
    } catch (SQLException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    int deleted = prune();
    log.info(
        "Database backup {} ({} bytes); {} older backup(s) deleted",
        target.getFileName(),
        Files.size(target),
        deleted);
    return target;
  }

  /** The snapshots in the directory, newest first. */
  public List<Path> snapshots() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                String name = file.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
              })
          // The time stamp in the name sorts as the time it was taken.
          .sorted(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed())
          .toList();
    }
  }

  private int prune() throws IOException {
    List<Path> old = new ArrayList<>(snapshots());
    int deleted = 0;
    for (Path file : old.subList(Math.min(keep, old.size()), old.size())) {
      if (Files.deleteIfExists(file)) {
        deleted++;
      }
    }
    return deleted;
  }
}
