package org.raktakosh.stability.health.checks;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

/** Usable space of the file store holding a path; see {@link HealthChecks#diskSpace}. */
final class DiskSpaceCheck implements HealthCheck {

  private final Path path;
  private final long minFreeBytes;

  DiskSpaceCheck(Path path, long minFreeBytes) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    if (minFreeBytes < 0) {
      throw new IllegalArgumentException("minFreeBytes must be zero or positive: " + minFreeBytes);
    }
    this.minFreeBytes = minFreeBytes;
  }

  @Override
  public HealthResult check() {
    // A missing path usually means an unmounted volume: the space figures would then describe the
    // wrong disk, so say what is wrong instead.
    if (!Files.exists(path)) {
      return HealthResult.builder(Status.DOWN)
          .message("path does not exist: " + path)
          .detail("path", path.toString())
          .detail("minFreeBytes", minFreeBytes)
          .build();
    }
    long usable;
    long total;
    try {
      FileStore store = Files.getFileStore(path);
      usable = store.getUsableSpace();
      total = store.getTotalSpace();
    } catch (IOException e) {
      return HealthResult.builder(Status.DOWN)
          .message("cannot read the file store of " + path + ": " + e.getClass().getName())
          .error(e)
          .detail("path", path.toString())
          .detail("minFreeBytes", minFreeBytes)
          .build();
    }
    boolean enough = usable >= minFreeBytes;
    return HealthResult.builder(enough ? Status.UP : Status.DOWN)
        .message(
            (enough ? "" : "low disk space: ")
                + usable
                + " bytes usable on "
                + path
                + ", minimum "
                + minFreeBytes)
        .detail("path", path.toString())
        .detail("freeBytes", usable)
        .detail("totalBytes", total)
        .detail("minFreeBytes", minFreeBytes)
        .build();
  }
}
