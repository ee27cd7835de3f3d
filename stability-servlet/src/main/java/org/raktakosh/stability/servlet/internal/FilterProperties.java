package org.raktakosh.stability.servlet.internal;

import java.util.Properties;
import java.util.TreeSet;
import org.raktakosh.stability.internal.config.Durations;
import org.raktakosh.stability.problem.ExceptionMappings;
import org.raktakosh.stability.servlet.ErrorRecoveryConfig;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.servlet.TimeoutConfig;

/**
 * Reads the {@code stability.request-id.*}, {@code stability.errors.*} and {@code
 * stability.timeout.*} keys, the same the Spring starter binds; per-path timeouts are written as
 * Spring writes map keys with slashes, {@code stability.timeout.paths[/reports/**]=2m}. A bad value
 * or an unknown key under those prefixes fails with the key named.
 */
public final class FilterProperties {

  private static final String REQUEST_ID = "stability.request-id.";
  private static final String ERRORS = "stability.errors.";
  private static final String MAPPINGS = "stability.errors.mappings.";
  private static final String TIMEOUT = "stability.timeout.";
  private static final String TIMEOUT_PATHS = "stability.timeout.paths[";

  private final boolean requestIdEnabled;
  private final String requestIdHeader;
  private final boolean errorsEnabled;
  private final ErrorRecoveryConfig errorConfig;
  private final boolean timeoutEnabled;
  private final TimeoutConfig timeoutConfig;

  private FilterProperties(Properties properties) {
    boolean master = Values.bool(properties, "stability.enabled", true);
    boolean requestId = true;
    String header = RequestIdFilter.DEFAULT_HEADER;
    boolean errors = true;
    ErrorRecoveryConfig.Builder config = ErrorRecoveryConfig.custom();
    ExceptionMappings.Builder mappings = ExceptionMappings.builder();
    boolean timeout = true;
    TimeoutConfig.Builder timeouts = TimeoutConfig.custom();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      String value = properties.getProperty(key).trim();
      if (key.startsWith(TIMEOUT)) {
        try {
          if (applyTimeout(key, value, timeouts)) {
            timeout = Values.bool(key, value);
          }
        } catch (IllegalArgumentException e) {
          if (e.getMessage() != null && e.getMessage().startsWith(key)) {
            throw e;
          }
          throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
      } else if (key.startsWith(REQUEST_ID)) {
        switch (key.substring(REQUEST_ID.length())) {
          case "enabled":
            requestId = Values.bool(key, value);
            break;
          case "header":
            header = value;
            try {
              new RequestIdFilter(value);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
            break;
          default:
            throw Values.unknown(key);
        }
      } else if (key.startsWith(MAPPINGS)) {
        mappings.map(exceptionType(key, key.substring(MAPPINGS.length())), status(key, value));
      } else if (key.startsWith(ERRORS)) {
        switch (key.substring(ERRORS.length())) {
          case "enabled":
            errors = Values.bool(key, value);
            break;
          case "include-details":
            config.includeDetails(Values.bool(key, value));
            break;
          case "problem-for-send-error":
            config.problemForSendError(Values.bool(key, value));
            break;
          default:
            throw Values.unknown(key);
        }
      }
    }
    this.requestIdEnabled = master && requestId;
    this.requestIdHeader = header;
    this.errorsEnabled = master && errors;
    this.errorConfig = config.mappings(mappings.build()).build();
    this.timeoutEnabled = master && timeout;
    this.timeoutConfig = timeouts.build();
  }

  /**
   * Applies one {@code stability.timeout.*} key.
   *
   * @return true for {@code enabled}, which the caller keeps
   */
  private static boolean applyTimeout(String key, String value, TimeoutConfig.Builder timeouts) {
    if (key.startsWith(TIMEOUT_PATHS) && key.endsWith("]")) {
      timeouts.override(
          key.substring(TIMEOUT_PATHS.length(), key.length() - 1), Durations.parse(key, value));
      return false;
    }
    switch (key.substring(TIMEOUT.length())) {
      case "enabled":
        return true;
      case "duration":
        timeouts.duration(Durations.parse(key, value));
        return false;
      case "status":
        timeouts.status(Values.integer(key, value));
        return false;
      case "interrupt":
        timeouts.interruptWorker(Values.bool(key, value));
        return false;
      case "retry-after":
        timeouts.retryAfter(Durations.parse(key, value));
        return false;
      case "stuck-after":
        timeouts.stuckAfter(Durations.parse(key, value));
        return false;
      case "excluded-paths":
        for (String pattern : value.split(",")) {
          if (!pattern.isBlank()) {
            timeouts.exclude(pattern.trim());
          }
        }
        return false;
      case "exclude-event-streams":
        timeouts.excludeEventStreams(Values.bool(key, value));
        return false;
      case "exclude-upgrades":
        timeouts.excludeUpgrades(Values.bool(key, value));
        return false;
      default:
        throw Values.unknown(key);
    }
  }

  /** Whether the timeout filter is installed. */
  public boolean timeoutEnabled() {
    return timeoutEnabled;
  }

  /** The timeout settings. */
  public TimeoutConfig timeoutConfig() {
    return timeoutConfig;
  }

  /**
   * Reads {@code properties}.
   *
   * @throws IllegalArgumentException naming the key of the first bad or unknown value
   */
  public static FilterProperties parse(Properties properties) {
    return new FilterProperties(properties);
  }

  /** Whether {@link RequestIdFilter} is installed. */
  public boolean requestIdEnabled() {
    return requestIdEnabled;
  }

  /** The request-id header. */
  public String requestIdHeader() {
    return requestIdHeader;
  }

  /** Whether the error-recovery filter is installed. */
  public boolean errorsEnabled() {
    return errorsEnabled;
  }

  /** The error-recovery settings. */
  public ErrorRecoveryConfig errorConfig() {
    return errorConfig;
  }

  /**
   * The exception class (or an interface exceptions implement) named {@code name}, loaded with the
   * context class loader.
   *
   * @throws IllegalArgumentException naming {@code key} if it is neither a loadable Throwable nor
   *     an interface
   */
  public static Class<?> exceptionType(String key, String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class<?> type =
          Class.forName(
              name, false, loader != null ? loader : FilterProperties.class.getClassLoader());
      if (!type.isInterface() && !Throwable.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(key + ": " + name + " is not an exception type");
      }
      return type;
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(key + ": no class " + name + " on the class path", e);
    }
  }

  private static int status(String key, String value) {
    try {
      int status = Integer.parseInt(value);
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException(key + " must be a 4xx or 5xx status but was " + value);
      }
      return status;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be an HTTP status but was '" + value + "'", e);
    }
  }
}
