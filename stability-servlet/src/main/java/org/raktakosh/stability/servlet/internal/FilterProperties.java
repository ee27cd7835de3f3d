package org.raktakosh.stability.servlet.internal;

import java.util.Properties;
import java.util.TreeSet;
import org.raktakosh.stability.internal.config.Durations;
import org.raktakosh.stability.problem.ExceptionMappings;
import org.raktakosh.stability.servlet.ConcurrencyLimitConfig;
import org.raktakosh.stability.servlet.CorsConfig;
import org.raktakosh.stability.servlet.ErrorRecoveryConfig;
import org.raktakosh.stability.servlet.GzipConfig;
import org.raktakosh.stability.servlet.RateLimitConfig;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.servlet.TimeoutConfig;
import org.raktakosh.stability.servlet.TrustedHostConfig;

/**
 * Reads the {@code stability.request-id.*}, {@code stability.errors.*}, {@code
 * stability.timeout.*}, {@code stability.cors.*} and {@code stability.trusted-hosts.*} keys, the
 * same the Spring starter binds; per-path timeouts are written as Spring writes map keys with
 * slashes, {@code stability.timeout.paths[/reports/**]=2m}. A bad value or an unknown key under
 * those prefixes fails with the key named.
 */
public final class FilterProperties {

  private static final String REQUEST_ID = "stability.request-id.";
  private static final String ERRORS = "stability.errors.";
  private static final String MAPPINGS = "stability.errors.mappings.";
  private static final String TIMEOUT = "stability.timeout.";
  private static final String TIMEOUT_PATHS = "stability.timeout.paths[";
  private static final String CONCURRENCY = "stability.concurrency-limit.";
  private static final String RATE = "stability.rate-limit.";
  private static final String GZIP = "stability.gzip.";

  private final boolean requestIdEnabled;
  private final String requestIdHeader;
  private final boolean errorsEnabled;
  private final ErrorRecoveryConfig errorConfig;
  private final boolean timeoutEnabled;
  private final TimeoutConfig timeoutConfig;
  private final boolean concurrencyLimitEnabled;
  private final ConcurrencyLimitConfig concurrencyLimitConfig;
  private final boolean rateLimitEnabled;
  private final RateLimitConfig rateLimitConfig;
  private final boolean corsEnabled;
  private final CorsConfig corsConfig;
  private final boolean trustedHostsEnabled;
  private final TrustedHostConfig trustedHostConfig;
  private final boolean gzipEnabled;
  private final GzipConfig gzipConfig;

  private FilterProperties(Properties properties) {
    boolean master = Values.bool(properties, "stability.enabled", true);
    boolean requestId = true;
    String header = RequestIdFilter.DEFAULT_HEADER;
    boolean errors = true;
    ErrorRecoveryConfig.Builder config = ErrorRecoveryConfig.custom();
    ExceptionMappings.Builder mappings = ExceptionMappings.builder();
    boolean timeout = true;
    TimeoutConfig.Builder timeouts = TimeoutConfig.custom();
    boolean concurrency = false;
    ConcurrencyLimitConfig.Builder concurrencyLimits = ConcurrencyLimitConfig.custom();
    boolean rate = false;
    RateLimitConfig.Builder rateLimits = RateLimitConfig.custom();
    java.util.Map<String, String> cors = new java.util.TreeMap<>();
    java.util.Map<String, String> hosts = new java.util.TreeMap<>();
    boolean gzip = true;
    GzipConfig.Builder gzipSettings = GzipConfig.custom();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      String value = properties.getProperty(key).trim();
      if (key.startsWith(AccessProperties.CORS)) {
        cors.put(key.substring(AccessProperties.CORS.length()), value);
      } else if (key.startsWith(AccessProperties.TRUSTED_HOSTS)) {
        hosts.put(key.substring(AccessProperties.TRUSTED_HOSTS.length()), value);
      } else if (key.startsWith(GZIP)) {
        try {
          gzip = applyGzip(key, value, gzipSettings, gzip);
        } catch (IllegalArgumentException e) {
          throw Values.naming(key, e);
        }
      } else if (key.startsWith(CONCURRENCY) || key.startsWith(RATE)) {
        try {
          if (key.startsWith(CONCURRENCY)) {
            concurrency = applyConcurrency(key, value, concurrencyLimits, concurrency);
          } else {
            rate = applyRate(key, value, rateLimits, rate);
          }
        } catch (IllegalArgumentException e) {
          throw Values.naming(key, e);
        }
      } else if (key.startsWith(TIMEOUT)) {
        try {
          if (applyTimeout(key, value, timeouts)) {
            timeout = Values.bool(key, value);
          }
        } catch (IllegalArgumentException e) {
          throw Values.naming(key, e);
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
    this.concurrencyLimitEnabled = master && concurrency;
    this.concurrencyLimitConfig = concurrencyLimits.build();
    this.rateLimitEnabled = master && rate;
    this.corsConfig = AccessProperties.cors(cors);
    this.corsEnabled =
        master
            && Values.bool(AccessProperties.CORS + "enabled", cors.getOrDefault("enabled", "true"))
            && corsConfig.isEnabled();
    this.trustedHostConfig = AccessProperties.trustedHosts(hosts);
    this.trustedHostsEnabled =
        master
            && Values.bool(
                AccessProperties.TRUSTED_HOSTS + "enabled", hosts.getOrDefault("enabled", "true"))
            && !trustedHostConfig.allowsAll();
    this.gzipEnabled = master && gzip;
    this.gzipConfig = gzipSettings.build();
    try {
      this.rateLimitConfig = rateLimits.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(RATE + "evict-idle-after: " + e.getMessage(), e);
    }
  }

  /** Applies one {@code stability.concurrency-limit.*} key; returns the enabled switch. */
  private static boolean applyConcurrency(
      String key, String value, ConcurrencyLimitConfig.Builder limits, boolean enabled) {
    switch (key.substring(CONCURRENCY.length())) {
      case "enabled":
        return Values.bool(key, value);
      case "max-concurrent":
        limits.maxConcurrent(Values.integer(key, value));
        return enabled;
      case "max-wait":
        limits.maxWait(Durations.parse(key, value));
        return enabled;
      case "retry-after":
        limits.retryAfter(Durations.parse(key, value));
        return enabled;
      case "excluded-paths":
        limits.excludedPaths(Values.list(value));
        return enabled;
      default:
        throw Values.unknown(key);
    }
  }

  /** Applies one {@code stability.gzip.*} key; returns the enabled switch. */
  private static boolean applyGzip(
      String key, String value, GzipConfig.Builder gzip, boolean enabled) {
    switch (key.substring(GZIP.length())) {
      case "enabled":
        return Values.bool(key, value);
      case "min-size":
        gzip.minSize(Math.toIntExact(Values.bytes(key, value)));
        return enabled;
      case "level":
        gzip.level(Values.integer(key, value));
        return enabled;
      case "included-types":
        gzip.includedTypes(Values.list(value));
        return enabled;
      case "excluded-types":
        gzip.excludedTypes(Values.list(value));
        return enabled;
      case "excluded-paths":
        gzip.excludedPaths(Values.list(value));
        return enabled;
      case "excluded-user-agents":
        gzip.excludedUserAgents(Values.list(value));
        return enabled;
      case "inflate-requests":
        gzip.inflateRequests(Values.bool(key, value));
        return enabled;
      case "max-inflated-size":
        gzip.maxInflatedSize(Values.bytes(key, value));
        return enabled;
      case "max-form-size":
        gzip.maxFormSize(Values.bytes(key, value));
        return enabled;
      case "max-form-parameters":
        gzip.maxFormParameters(Values.integer(key, value));
        return enabled;
      case "pool-size":
        gzip.poolSize(Values.integer(key, value));
        return enabled;
      default:
        throw Values.unknown(key);
    }
  }

  /** Whether the gzip filter is installed (on unless switched off). */
  public boolean gzipEnabled() {
    return gzipEnabled;
  }

  /** The gzip settings. */
  public GzipConfig gzipConfig() {
    return gzipConfig;
  }

  /** Applies one {@code stability.rate-limit.*} key; returns the enabled switch. */
  private static boolean applyRate(
      String key, String value, RateLimitConfig.Builder limits, boolean enabled) {
    switch (key.substring(RATE.length())) {
      case "enabled":
        return Values.bool(key, value);
      case "limit-for-period":
        limits.limitForPeriod(Values.integer(key, value));
        return enabled;
      case "refresh-period":
        limits.refreshPeriod(Durations.parse(key, value));
        return enabled;
      case "key":
        limits.key(rateKey(key, value));
        return enabled;
      case "max-keys":
        limits.maxKeys(Values.integer(key, value));
        return enabled;
      case "evict-idle-after":
        limits.evictIdleAfter(Durations.parse(key, value));
        return enabled;
      case "excluded-paths":
        limits.excludedPaths(Values.list(value));
        return enabled;
      default:
        throw Values.unknown(key);
    }
  }

  /**
   * {@code global}, {@code client-address}, {@code principal} or {@code header:<name>}.
   *
   * @throws IllegalArgumentException naming {@code key} for anything else
   */
  public static RateLimitConfig.Key rateKey(String key, String value) {
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "global":
        return RateLimitConfig.Key.GLOBAL;
      case "client-address":
        return RateLimitConfig.Key.CLIENT_ADDRESS;
      case "principal":
        return RateLimitConfig.Key.PRINCIPAL;
      default:
        if (lower.startsWith("header:") && value.length() > "header:".length()) {
          return RateLimitConfig.Key.header(value.substring("header:".length()).trim());
        }
        throw new IllegalArgumentException(
            key
                + " must be global, client-address, principal or header:<name> but was '"
                + value
                + "'");
    }
  }

  /** Whether the concurrency limit is installed (off unless switched on). */
  public boolean concurrencyLimitEnabled() {
    return concurrencyLimitEnabled;
  }

  /** The concurrency-limit settings. */
  public ConcurrencyLimitConfig concurrencyLimitConfig() {
    return concurrencyLimitConfig;
  }

  /** Whether the CORS filter is installed: on when some origin is configured. */
  public boolean corsEnabled() {
    return corsEnabled;
  }

  /** The CORS settings. */
  public CorsConfig corsConfig() {
    return corsConfig;
  }

  /** Whether the trusted-host filter is installed: on when allowed hosts are configured. */
  public boolean trustedHostsEnabled() {
    return trustedHostsEnabled;
  }

  /** The trusted-host settings. */
  public TrustedHostConfig trustedHostConfig() {
    return trustedHostConfig;
  }

  /** Whether the rate limit is installed (off unless switched on). */
  public boolean rateLimitEnabled() {
    return rateLimitEnabled;
  }

  /** The rate-limit settings. */
  public RateLimitConfig rateLimitConfig() {
    return rateLimitConfig;
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
        Values.list(value).forEach(timeouts::exclude);
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
