package org.raktakosh.stability.health.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

/** Validates one connection of a {@link DataSource}; see {@link HealthChecks#dataSource}. */
final class DataSourceCheck implements HealthCheck {

  private final DataSource dataSource;
  private final int validationSeconds;

  DataSourceCheck(DataSource dataSource, Duration validationTimeout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(validationTimeout, "validationTimeout");
    if (validationTimeout.isNegative() || validationTimeout.isZero()) {
      throw new IllegalArgumentException(
          "validationTimeout must be positive: " + validationTimeout);
    }
    // JDBC counts whole seconds and reads 0 as "no limit", so round up and never pass 0.
    long millis = validationTimeout.toMillis();
    long seconds = Math.max(1, millis / 1000 + (millis % 1000 == 0 ? 0 : 1));
    this.validationSeconds = (int) Math.min(Integer.MAX_VALUE, seconds);
  }

  @Override
  public HealthResult check() {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isValid(validationSeconds)) {
        return HealthResult.builder(Status.DOWN)
            .message("connection is not valid (validated within " + validationSeconds + " s)")
            .detail("validationTimeoutSeconds", validationSeconds)
            .build();
      }
      return HealthResult.builder(Status.UP)
          .detail("database", connection.getMetaData().getDatabaseProductName())
          .detail("validationTimeoutSeconds", validationSeconds)
          .build();
    } catch (SQLException e) {
      // The driver's message may name hosts and users; the exception stays in the result for
      // logs, while the message carries only what identifies the kind of failure.
      HealthResult.Builder down =
          HealthResult.builder(Status.DOWN)
              .message("cannot get or validate a connection: " + e.getClass().getName())
              .error(e)
              .detail("validationTimeoutSeconds", validationSeconds);
      if (e.getSQLState() != null) {
        down.detail("sqlState", e.getSQLState());
      }
      return down.build();
    }
  }
}
