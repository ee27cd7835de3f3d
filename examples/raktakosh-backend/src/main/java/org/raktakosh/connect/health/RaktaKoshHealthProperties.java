package org.raktakosh.connect.health;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the back end's own health checks watch ({@code raktakosh.*}).
 *
 * <p>Paths are bound as strings and resolved against the working directory: bound as {@link Path},
 * Spring would resolve a relative path such as {@code .} as a servlet-context resource, that is
 * inside Tomcat's temporary document base.
 *
 * @param backup the backup directory and how old its newest file may be
 * @param disk the file store whose free space decides readiness
 */
@ConfigurationProperties("raktakosh")
public record RaktaKoshHealthProperties(@DefaultValue Backup backup, @DefaultValue Disk disk) {

  /**
   * The backups' settings: the service that writes them and the checks that watch them.
   *
   * @param directory directory the backups are written into, relative to the working directory
   *     unless absolute; created at start-up if missing
   * @param maxAge age of the newest backup file above which the backup counts as stale; 26 h leaves
   *     a daily job two hours of slack
   * @param enabled whether the back end snapshots its database itself (H2 only; use the database's
   *     own tools for PostgreSQL)
   * @param interval time between two snapshots; the first is taken at start-up
   * @param keep how many snapshots to keep; older ones are deleted after each new one
   * @param minFree the least usable space in the backup directory that the {@code backup} group
   *     accepts
   */
  public record Backup(
      @DefaultValue("./backups") String directory,
      @DefaultValue("26h") Duration maxAge,
      @DefaultValue("true") boolean enabled,
      @DefaultValue("60m") Duration interval,
      @DefaultValue("24") int keep,
      @DefaultValue("100MB") DataSize minFree) {

    /** The directory as a path. */
    public Path directoryPath() {
      return Path.of(directory);
    }
  }

  /**
   * The disk-space check's settings.
   *
   * @param path a file or directory on the file store to watch, relative to the working directory
   *     unless absolute
   * @param minFree the least usable space that still counts as ready
   */
  public record Disk(@DefaultValue(".") String path, @DefaultValue("100MB") DataSize minFree) {

    /** The watched path as a path. */
    public Path watchedPath() {
      return Path.of(path).toAbsolutePath().normalize();
    }
  }
}
