package org.raktakosh.stability.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raktakosh.stability.health.HealthRegistryConfig;
import org.raktakosh.stability.servlet.ConcurrencyLimitConfig;
import org.raktakosh.stability.servlet.DetailsPolicy;
import org.raktakosh.stability.servlet.GzipConfig;
import org.raktakosh.stability.servlet.HealthEndpointConfig;
import org.raktakosh.stability.servlet.RateLimitConfig;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.servlet.TimeoutConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of Stability under {@code stability.*}. The keys are the ones a plain-servlet
 * application puts in a {@code stability.properties} file for {@code StabilityInstaller}, so a
 * setting means the same with or without Spring. Defaults come from the core constants.
 *
 * <p>An unknown key under {@code stability.} fails start-up, as it does for plain servlets: it is
 * almost always a typo, and a silently ignored {@code stability.health.chekcs.db.timeout} is worse
 * than a failed deploy.
 */
@ConfigurationProperties(prefix = "stability", ignoreUnknownFields = false)
public class StabilityProperties {

  /** Whether to enable Stability at all; false turns every Stability feature off. */
  private boolean enabled = true;

  private final Health health = new Health();

  private final RequestId requestId = new RequestId();

  private final Errors errors = new Errors();

  private final Timeout timeout = new Timeout();

  private final ConcurrencyLimit concurrencyLimit = new ConcurrencyLimit();

  private final RateLimit rateLimit = new RateLimit();

  private final Gzip gzip = new Gzip();

  /** Whether to enable Stability at all. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether to enable Stability at all. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Health registry and endpoint settings ({@code stability.health.*}). */
  public Health getHealth() {
    return health;
  }

  /** Request correlation settings ({@code stability.request-id.*}). */
  public RequestId getRequestId() {
    return requestId;
  }

  /** Error recovery settings ({@code stability.errors.*}). */
  public Errors getErrors() {
    return errors;
  }

  /** Request timeout settings ({@code stability.timeout.*}). */
  public Timeout getTimeout() {
    return timeout;
  }

  /** Concurrency limit settings ({@code stability.concurrency-limit.*}). */
  public ConcurrencyLimit getConcurrencyLimit() {
    return concurrencyLimit;
  }

  /** Rate limit settings ({@code stability.rate-limit.*}). */
  public RateLimit getRateLimit() {
    return rateLimit;
  }

  /** GZip settings ({@code stability.gzip.*}). */
  public Gzip getGzip() {
    return gzip;
  }

  /**
   * GZip ({@code stability.gzip.*}), done by {@code GzipFilter}: responses compressed when the
   * client accepts gzip and it helps, gzip request bodies inflated. Replaces Boot's {@code
   * server.compression}, which should stay off.
   */
  public static class Gzip {

    /** Whether to compress responses and inflate request bodies with the gzip filter. */
    private boolean enabled = true;

    /** Smallest response body that is compressed. */
    private DataSize minSize = DataSize.ofBytes(GzipConfig.DEFAULT_MIN_SIZE);

    /** Deflate level, 1 (fastest) to 9 (smallest). */
    private int level = GzipConfig.DEFAULT_LEVEL;

    /**
     * Media types that are compressed: exact, such as application/json, or patterns such as text/*,
     * application/*+json and *&#47;*.
     */
    private List<String> includedTypes = new ArrayList<>(GzipConfig.DEFAULT_INCLUDED_TYPES);

    /**
     * Media types that are never compressed, even when included: server-sent events and formats
     * compressed already by default.
     */
    private List<String> excludedTypes = new ArrayList<>(GzipConfig.DEFAULT_EXCLUDED_TYPES);

    /** Ant-style path patterns (starting with '/') that are neither compressed nor inflated. */
    private List<String> excludedPaths = new ArrayList<>();

    /** Regular expressions of User-Agent values that get uncompressed responses. */
    private List<String> excludedUserAgents = new ArrayList<>();

    /** Whether to inflate request bodies sent with Content-Encoding gzip. */
    private boolean inflateRequests = true;

    /** Largest inflated request body; more is answered with 413. */
    private DataSize maxInflatedSize = DataSize.ofBytes(GzipConfig.DEFAULT_MAX_INFLATED_SIZE);

    /** Number of idle deflaters kept for reuse; the rest are ended when released. */
    private int poolSize = GzipConfig.DEFAULT_POOL_SIZE;

    /** Whether the gzip filter is installed. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether the gzip filter is installed. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Smallest response body that is compressed. */
    public DataSize getMinSize() {
      return minSize;
    }

    /** Sets the smallest response body that is compressed. */
    public void setMinSize(DataSize minSize) {
      this.minSize = minSize;
    }

    /** Deflate level. */
    public int getLevel() {
      return level;
    }

    /** Sets the deflate level, 1 to 9. */
    public void setLevel(int level) {
      this.level = level;
    }

    /** Media types that are compressed. */
    public List<String> getIncludedTypes() {
      return includedTypes;
    }

    /** Sets the media types that are compressed. */
    public void setIncludedTypes(List<String> includedTypes) {
      this.includedTypes = includedTypes;
    }

    /** Media types that are never compressed. */
    public List<String> getExcludedTypes() {
      return excludedTypes;
    }

    /** Sets the media types that are never compressed. */
    public void setExcludedTypes(List<String> excludedTypes) {
      this.excludedTypes = excludedTypes;
    }

    /** Path patterns left alone. */
    public List<String> getExcludedPaths() {
      return excludedPaths;
    }

    /** Sets the path patterns left alone. */
    public void setExcludedPaths(List<String> excludedPaths) {
      this.excludedPaths = excludedPaths;
    }

    /** User-Agent expressions that get uncompressed responses. */
    public List<String> getExcludedUserAgents() {
      return excludedUserAgents;
    }

    /** Sets the User-Agent expressions that get uncompressed responses. */
    public void setExcludedUserAgents(List<String> excludedUserAgents) {
      this.excludedUserAgents = excludedUserAgents;
    }

    /** Whether gzip request bodies are inflated. */
    public boolean isInflateRequests() {
      return inflateRequests;
    }

    /** Sets whether gzip request bodies are inflated. */
    public void setInflateRequests(boolean inflateRequests) {
      this.inflateRequests = inflateRequests;
    }

    /** Largest inflated request body. */
    public DataSize getMaxInflatedSize() {
      return maxInflatedSize;
    }

    /** Sets the largest inflated request body. */
    public void setMaxInflatedSize(DataSize maxInflatedSize) {
      this.maxInflatedSize = maxInflatedSize;
    }

    /** Idle deflaters kept. */
    public int getPoolSize() {
      return poolSize;
    }

    /** Sets the number of idle deflaters kept. */
    public void setPoolSize(int poolSize) {
      this.poolSize = poolSize;
    }
  }

  /** Request correlation ({@code stability.request-id.*}), done by {@link RequestIdFilter}. */
  public static class RequestId {

    /**
     * Whether to give every request an id, reused from the request header when it is safe, and put
     * it on the response header and in the logging MDC.
     */
    private boolean enabled = true;

    /** Header that carries the request id, inbound and on the response. */
    private String header = RequestIdFilter.DEFAULT_HEADER;

    /** Whether to give every request an id. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to give every request an id. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Header that carries the request id. */
    public String getHeader() {
      return header;
    }

    /** Sets the header that carries the request id. */
    public void setHeader(String header) {
      this.header = header;
    }
  }

  /**
   * Error recovery ({@code stability.errors.*}), done by {@code ErrorRecoveryFilter}: unhandled
   * failures become RFC 9457 {@code application/problem+json} responses.
   */
  public static class Errors {

    /**
     * Whether to answer every failure that reaches the filter (from controllers, servlets or other
     * filters) with an application/problem+json response.
     */
    private boolean enabled = true;

    /**
     * Whether to include exception class, message and stack frames in problem responses
     * (development only).
     */
    private boolean includeDetails = false;

    /**
     * Whether to answer a sendError(4xx/5xx) that has no body with a problem response too, so
     * clients see one error format.
     */
    private boolean problemForSendError = true;

    /**
     * HTTP status (4xx or 5xx) by fully qualified exception class name; subclasses are mapped too
     * and the most specific mapped type wins. Write the class name in brackets, such as
     * stability.errors.mappings[java.lang.IllegalArgumentException]=400, so that characters such as
     * '$' in a nested class name are kept.
     */
    private final Map<String, Integer> mappings = new LinkedHashMap<>();

    /** Whether to answer failures with a problem response. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to answer failures with a problem response. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Whether problem responses carry exception class, message and stack frames. */
    public boolean isIncludeDetails() {
      return includeDetails;
    }

    /** Sets whether problem responses carry exception class, message and stack frames. */
    public void setIncludeDetails(boolean includeDetails) {
      this.includeDetails = includeDetails;
    }

    /** Whether a bodiless sendError(4xx/5xx) becomes a problem response. */
    public boolean isProblemForSendError() {
      return problemForSendError;
    }

    /** Sets whether a bodiless sendError(4xx/5xx) becomes a problem response. */
    public void setProblemForSendError(boolean problemForSendError) {
      this.problemForSendError = problemForSendError;
    }

    /** HTTP status by exception class name (bound in place; validated when the filter is built). */
    public Map<String, Integer> getMappings() {
      return mappings;
    }
  }

  /** Health registry and endpoint settings ({@code stability.health.*}). */
  public static class Health {

    /** Whether to enable the health-check registry and its HTTP endpoints. */
    private boolean enabled = true;

    /**
     * Base path of the health endpoints; the detailed view and the groups answer below it, at
     * path/detailed, path/live, path/ready and path/group-name.
     */
    private String path = HealthEndpointConfig.DEFAULT_PATH;

    /** Which callers see check details, messages and JVM figures. */
    private DetailsPolicy details = HealthEndpointConfig.DEFAULT_DETAILS;

    /** Maximum number of checks that run at the same time. */
    private int parallelism = HealthRegistryConfig.DEFAULT_PARALLELISM;

    /**
     * Maximum number of check runs that may wait for a free thread; beyond it a run is reported
     * DOWN at once.
     */
    private int queueCapacity = HealthRegistryConfig.DEFAULT_QUEUE_CAPACITY;

    /**
     * Run duration above which a check logs a warning (lowered below a check's timeout when that is
     * shorter).
     */
    private Duration slowThreshold = HealthRegistryConfig.DEFAULT_SLOW_THRESHOLD;

    private final CheckDefaults defaults = new CheckDefaults();

    /**
     * Per-check overrides, by check name (the bean name of a HealthCheck bean); applied after the
     * defaults.
     */
    private final Map<String, Check> checks = new LinkedHashMap<>();

    /** Groups defined by listing their checks, and extra paths that answer for a group. */
    private final Map<String, Group> groups = new LinkedHashMap<>();

    private final Db db = new Db();

    /** Whether to enable the health-check registry and its HTTP endpoints. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to enable the health-check registry and its HTTP endpoints. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Base path of the health endpoints. */
    public String getPath() {
      return path;
    }

    /** Sets the base path of the health endpoints. */
    public void setPath(String path) {
      this.path = path;
    }

    /** Which callers see check details. */
    public DetailsPolicy getDetails() {
      return details;
    }

    /** Sets which callers see check details. */
    public void setDetails(DetailsPolicy details) {
      this.details = details;
    }

    /** Maximum number of checks that run at the same time. */
    public int getParallelism() {
      return parallelism;
    }

    /** Sets the maximum number of checks that run at the same time. */
    public void setParallelism(int parallelism) {
      this.parallelism = parallelism;
    }

    /** Maximum number of check runs that may wait for a free thread. */
    public int getQueueCapacity() {
      return queueCapacity;
    }

    /** Sets the maximum number of check runs that may wait for a free thread. */
    public void setQueueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
    }

    /** Run duration above which a check logs a warning. */
    public Duration getSlowThreshold() {
      return slowThreshold;
    }

    /** Sets the run duration above which a check logs a warning. */
    public void setSlowThreshold(Duration slowThreshold) {
      this.slowThreshold = slowThreshold;
    }

    /** Options applied to every check ({@code stability.health.defaults.*}). */
    public CheckDefaults getDefaults() {
      return defaults;
    }

    /** Per-check overrides by check name ({@code stability.health.checks.<name>.*}). */
    public Map<String, Check> getChecks() {
      return checks;
    }

    /** Configured groups by group name ({@code stability.health.groups.<name>.*}). */
    public Map<String, Group> getGroups() {
      return groups;
    }

    /** Settings of the built-in DataSource check ({@code stability.health.db.*}). */
    public Db getDb() {
      return db;
    }
  }

  /**
   * Options that override what the code registered for every check. An unset option keeps the
   * code's value.
   */
  public static class CheckDefaults {

    /** Longest time one run of a check may take before it is reported DOWN and cancelled. */
    private Duration timeout;

    /**
     * Whether a failure of the check makes the application DOWN; when false it only makes it
     * DEGRADED.
     */
    private Boolean critical;

    /** How long an on-demand result is reused; 0 runs the check on every request. */
    private Duration cacheTtl;

    /** Interval of background runs; 0 runs the check on demand instead. */
    private Duration backgroundInterval;

    /** Longest time one run may take, or null to keep the code's value. */
    public Duration getTimeout() {
      return timeout;
    }

    /** Sets the longest time one run may take. */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /** Whether a failure makes the application DOWN, or null to keep the code's value. */
    public Boolean getCritical() {
      return critical;
    }

    /** Sets whether a failure makes the application DOWN. */
    public void setCritical(Boolean critical) {
      this.critical = critical;
    }

    /** How long an on-demand result is reused, or null to keep the code's value. */
    public Duration getCacheTtl() {
      return cacheTtl;
    }

    /** Sets how long an on-demand result is reused. */
    public void setCacheTtl(Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
    }

    /** Interval of background runs, or null to keep the code's value. */
    public Duration getBackgroundInterval() {
      return backgroundInterval;
    }

    /** Sets the interval of background runs; zero means on demand. */
    public void setBackgroundInterval(Duration backgroundInterval) {
      this.backgroundInterval = backgroundInterval;
    }
  }

  /** Overrides for one check: the defaults' options plus extra groups. */
  public static class Check extends CheckDefaults {

    /** Groups the check joins, in addition to those the code gave it. */
    private List<String> groups = new ArrayList<>();

    /** Groups the check joins in addition to those the code gave it. */
    public List<String> getGroups() {
      return groups;
    }

    /** Sets the groups the check joins in addition to those the code gave it. */
    public void setGroups(List<String> groups) {
      this.groups = groups;
    }
  }

  /** A group defined in configuration. */
  public static class Group {

    /** Names of the checks in the group, besides checks that join it in code. */
    private List<String> include = new ArrayList<>();

    /** Extra path that answers for the group, such as /backup-health. */
    private String path;

    /** Names of the checks in the group. */
    public List<String> getInclude() {
      return include;
    }

    /** Sets the names of the checks in the group. */
    public void setInclude(List<String> include) {
      this.include = include;
    }

    /** Extra path that answers for the group, or null for none. */
    public String getPath() {
      return path;
    }

    /** Sets an extra path that answers for the group. */
    public void setPath(String path) {
      this.path = path;
    }
  }

  /**
   * The built-in DataSource check, registered as {@code db} when the application has exactly one
   * DataSource. A Spring-only switch: plain-servlet applications register checks in code.
   */
  public static class Db {

    /**
     * Whether to register a health check named db that validates a connection of the DataSource.
     */
    private boolean enabled = true;

    /** Whether to register the DataSource check. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to register the DataSource check. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * Request timeouts ({@code stability.timeout.*}), done by {@code TimeoutFilter}: a request still
   * running at its deadline is answered with a 503 problem and its thread is interrupted.
   */
  public static class Timeout {

    /** Whether to bound the time of every request with the timeout filter. */
    private boolean enabled = true;

    /**
     * Longest time a request may take before it is answered with the timeout problem; 0 means no
     * timeout.
     */
    private Duration duration = TimeoutConfig.DEFAULT_DURATION;

    /** HTTP status of the timeout answer, 503 or 504. */
    private int status = 503;

    /**
     * Whether to interrupt the thread of a request at its deadline, so that blocking calls in the
     * handler stop early.
     */
    private boolean interrupt = true;

    /** Retry-After of the timeout answer, in whole seconds; none when not set. */
    private Duration retryAfter;

    /**
     * Time after its deadline when a request that ignored its interrupt is counted and logged as
     * stuck.
     */
    private Duration stuckAfter = TimeoutConfig.DEFAULT_STUCK_AFTER;

    /**
     * Timeout by Ant-style path pattern (within the application, starting with '/'), first match
     * wins; 0 means no timeout. Write the pattern in brackets, such as
     * stability.timeout.paths[/reports/**]=2m, so that its '/' and '*' are kept.
     */
    private final Map<String, Duration> paths = new LinkedHashMap<>();

    /** Ant-style path patterns (starting with '/') of requests that are never timed. */
    private List<String> excludedPaths = new ArrayList<>();

    /** Whether requests that accept text/event-stream (server-sent events) are never timed. */
    private boolean excludeEventStreams = true;

    /** Whether WebSocket upgrade requests are never timed. */
    private boolean excludeUpgrades = true;

    /** Whether to bound the time of every request. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to bound the time of every request. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Longest time a request may take; zero means none. */
    public Duration getDuration() {
      return duration;
    }

    /** Sets the longest time a request may take; zero means none. */
    public void setDuration(Duration duration) {
      this.duration = duration;
    }

    /** HTTP status of the timeout answer. */
    public int getStatus() {
      return status;
    }

    /** Sets the HTTP status of the timeout answer, 503 or 504. */
    public void setStatus(int status) {
      this.status = status;
    }

    /** Whether the thread of a request is interrupted at its deadline. */
    public boolean isInterrupt() {
      return interrupt;
    }

    /** Sets whether the thread of a request is interrupted at its deadline. */
    public void setInterrupt(boolean interrupt) {
      this.interrupt = interrupt;
    }

    /** Retry-After of the timeout answer, or null for none. */
    public Duration getRetryAfter() {
      return retryAfter;
    }

    /** Sets the Retry-After of the timeout answer; null for none. */
    public void setRetryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
    }

    /** Time after its deadline when a still-running request counts as stuck. */
    public Duration getStuckAfter() {
      return stuckAfter;
    }

    /** Sets the time after its deadline when a still-running request counts as stuck. */
    public void setStuckAfter(Duration stuckAfter) {
      this.stuckAfter = stuckAfter;
    }

    /** Timeout by Ant-style path pattern (bound in place; validated when the filter is built). */
    public Map<String, Duration> getPaths() {
      return paths;
    }

    /** Ant-style path patterns of requests that are never timed. */
    public List<String> getExcludedPaths() {
      return excludedPaths;
    }

    /** Sets the Ant-style path patterns of requests that are never timed. */
    public void setExcludedPaths(List<String> excludedPaths) {
      this.excludedPaths = excludedPaths;
    }

    /** Whether server-sent event requests are never timed. */
    public boolean isExcludeEventStreams() {
      return excludeEventStreams;
    }

    /** Sets whether server-sent event requests are never timed. */
    public void setExcludeEventStreams(boolean excludeEventStreams) {
      this.excludeEventStreams = excludeEventStreams;
    }

    /** Whether WebSocket upgrade requests are never timed. */
    public boolean isExcludeUpgrades() {
      return excludeUpgrades;
    }

    /** Sets whether WebSocket upgrade requests are never timed. */
    public void setExcludeUpgrades(boolean excludeUpgrades) {
      this.excludeUpgrades = excludeUpgrades;
    }
  }

  /**
   * Load shedding by concurrency ({@code stability.concurrency-limit.*}), done by {@code
   * ConcurrencyLimitFilter}: above the limit a request is refused at once with a 503 problem.
   */
  public static class ConcurrencyLimit {

    /** Whether to refuse requests above the concurrency limit. */
    private boolean enabled = false;

    /** Requests allowed in progress at once. */
    private int maxConcurrent = ConcurrencyLimitConfig.DEFAULT_MAX_CONCURRENT;

    /** How long a request may wait for a free slot before it is refused. */
    private Duration maxWait = ConcurrencyLimitConfig.DEFAULT_MAX_WAIT;

    /** Retry-After of the refusal, rounded up to whole seconds. */
    private Duration retryAfter = ConcurrencyLimitConfig.DEFAULT_RETRY_AFTER;

    /** Path prefixes never limited, so that probes answer under overload. */
    private List<String> excludedPaths =
        new ArrayList<>(ConcurrencyLimitConfig.DEFAULT_EXCLUDED_PATHS);

    /** Whether to refuse requests above the concurrency limit. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to refuse requests above the concurrency limit. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Requests allowed in progress at once. */
    public int getMaxConcurrent() {
      return maxConcurrent;
    }

    /** Sets the requests allowed in progress at once. */
    public void setMaxConcurrent(int maxConcurrent) {
      this.maxConcurrent = maxConcurrent;
    }

    /** How long a request may wait for a free slot. */
    public Duration getMaxWait() {
      return maxWait;
    }

    /** Sets how long a request may wait for a free slot. */
    public void setMaxWait(Duration maxWait) {
      this.maxWait = maxWait;
    }

    /** Retry-After of the refusal. */
    public Duration getRetryAfter() {
      return retryAfter;
    }

    /** Sets the Retry-After of the refusal. */
    public void setRetryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
    }

    /** Path prefixes never limited. */
    public List<String> getExcludedPaths() {
      return excludedPaths;
    }

    /** Sets the path prefixes never limited. */
    public void setExcludedPaths(List<String> excludedPaths) {
      this.excludedPaths = excludedPaths;
    }
  }

  /**
   * Load shedding by rate ({@code stability.rate-limit.*}), done by {@code RateLimitFilter}: past
   * the limit of a period a request is refused with a 429 problem.
   */
  public static class RateLimit {

    /** Whether to refuse requests past the rate limit. */
    private boolean enabled = false;

    /** Requests allowed per refresh period (per key). */
    private int limitForPeriod = RateLimitConfig.DEFAULT_LIMIT_FOR_PERIOD;

    /** Length of a rate-limit period. */
    private Duration refreshPeriod = RateLimitConfig.DEFAULT_REFRESH_PERIOD;

    /** What requests are counted by: global, client-address, principal or header:<name>. */
    private String key = "global";

    /** Most keys tracked at once; the least recently used is dropped beyond it. */
    private int maxKeys = RateLimitConfig.DEFAULT_MAX_KEYS;

    /** How long an unused key is remembered. */
    private Duration evictIdleAfter = RateLimitConfig.DEFAULT_EVICT_IDLE_AFTER;

    /** Path prefixes never limited, so that probes always answer. */
    private List<String> excludedPaths = new ArrayList<>(RateLimitConfig.DEFAULT_EXCLUDED_PATHS);

    /** Whether to refuse requests past the rate limit. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to refuse requests past the rate limit. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Requests allowed per refresh period. */
    public int getLimitForPeriod() {
      return limitForPeriod;
    }

    /** Sets the requests allowed per refresh period. */
    public void setLimitForPeriod(int limitForPeriod) {
      this.limitForPeriod = limitForPeriod;
    }

    /** Length of a period. */
    public Duration getRefreshPeriod() {
      return refreshPeriod;
    }

    /** Sets the length of a period. */
    public void setRefreshPeriod(Duration refreshPeriod) {
      this.refreshPeriod = refreshPeriod;
    }

    /** What requests are counted by. */
    public String getKey() {
      return key;
    }

    /** Sets what requests are counted by. */
    public void setKey(String key) {
      this.key = key;
    }

    /** Most keys tracked at once. */
    public int getMaxKeys() {
      return maxKeys;
    }

    /** Sets the most keys tracked at once. */
    public void setMaxKeys(int maxKeys) {
      this.maxKeys = maxKeys;
    }

    /** How long an unused key is remembered. */
    public Duration getEvictIdleAfter() {
      return evictIdleAfter;
    }

    /** Sets how long an unused key is remembered. */
    public void setEvictIdleAfter(Duration evictIdleAfter) {
      this.evictIdleAfter = evictIdleAfter;
    }

    /** Path prefixes never limited. */
    public List<String> getExcludedPaths() {
      return excludedPaths;
    }

    /** Sets the path prefixes never limited. */
    public void setExcludedPaths(List<String> excludedPaths) {
      this.excludedPaths = excludedPaths;
    }
  }
}
