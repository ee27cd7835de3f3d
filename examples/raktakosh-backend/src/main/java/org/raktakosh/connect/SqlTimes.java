package org.raktakosh.connect;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants in and out of {@code TIMESTAMP WITH TIME ZONE} columns. Passed as {@link
 * OffsetDateTime}, which both the H2 and the PostgreSQL drivers map (PostgreSQL's does not take an
 * {@link Instant}).
 */
public final class SqlTimes {

  private SqlTimes() {}

  /**
   * The clock's instant to the microsecond, the precision both databases keep, so that what an API
   * call returns equals what a later read returns.
   */
  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** {@code instant} as a parameter, or null. */
  public static OffsetDateTime parameter(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** The instant in {@code column}, or null. */
  public static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
