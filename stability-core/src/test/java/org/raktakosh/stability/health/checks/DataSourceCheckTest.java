package org.raktakosh.stability.health.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

class DataSourceCheckTest {

  private static DataSource h2(String name) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + name);
    return dataSource;
  }

  /** A data source whose every call to {@code getConnection} throws {@code failure}. */
  private static DataSource failing(SQLException failure) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw failure;
            });
  }

  /** A data source whose connection answers {@code isValid} with {@code valid}. */
  private static DataSource validating(
      boolean valid, AtomicInteger timeoutSeen, AtomicBoolean closed) {
    Connection connection =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "isValid":
                      timeoutSeen.set((Integer) args[0]);
                      return valid;
                    case "close":
                      closed.set(true);
                      return null;
                    default:
                      throw new SQLException("not supported by the test: " + method.getName());
                  }
                });
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> connection);
  }

  @Test
  void reachableDatabaseIsUpWithItsProductName() throws Exception {
    HealthResult result = HealthChecks.dataSource(h2("reachable"), Duration.ofSeconds(2)).check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details())
        .containsEntry("database", "H2")
        .containsEntry("validationTimeoutSeconds", 2);
  }

  @Test
  void failingGetConnectionIsDownWithTheExceptionClassAndSqlState() throws Exception {
    SQLException refused = new SQLException("connection refused to db.internal:5432", "08001");

    HealthResult result = HealthChecks.dataSource(failing(refused), Duration.ofSeconds(1)).check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message())
        .hasValue("cannot get or validate a connection: java.sql.SQLException");
    assertThat(result.error()).containsSame(refused);
    assertThat(result.details()).containsEntry("sqlState", "08001");
  }

  @Test
  void invalidConnectionIsDownAndStillClosed() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();

    HealthResult result =
        HealthChecks.dataSource(
                validating(false, new AtomicInteger(), closed), Duration.ofSeconds(1))
            .check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message()).hasValueSatisfying(m -> assertThat(m).contains("not valid"));
    assertThat(closed).isTrue();
  }

  @Test
  void subSecondTimeoutValidatesForOneSecond() throws Exception {
    AtomicInteger seconds = new AtomicInteger(-1);

    HealthChecks.dataSource(validating(false, seconds, new AtomicBoolean()), Duration.ofMillis(10))
        .check();

    assertThat(seconds).hasValue(1);
  }

  @Test
  void fractionalTimeoutIsRoundedUp() throws Exception {
    AtomicInteger seconds = new AtomicInteger(-1);

    HealthChecks.dataSource(
            validating(false, seconds, new AtomicBoolean()), Duration.ofMillis(1500))
        .check();

    assertThat(seconds).hasValue(2);
  }

  @Test
  void zeroTimeoutIsRejected() {
    assertThatThrownBy(() -> HealthChecks.dataSource(h2("zero"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validationTimeout");
  }

  @Test
  void negativeTimeoutIsRejected() {
    assertThatThrownBy(() -> HealthChecks.dataSource(h2("negative"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validationTimeout");
  }
}
