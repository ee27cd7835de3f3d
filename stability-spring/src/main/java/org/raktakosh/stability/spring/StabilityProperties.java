package org.raktakosh.stability.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raktakosh.stability.health.HealthRegistryConfig;
import org.raktakosh.stability.health.HealthWatchdogConfig;
import org.raktakosh.stability.servlet.ConcurrencyLimitConfig;
import org.raktakosh.stability.servlet.DetailsPolicy;
import org.raktakosh.stability.servlet.GzipConfig;
import org.raktakosh.stability.servlet.HealthEndpointConfig;
import org.raktakosh.stability.servlet.RateLimitConfig;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.servlet.TimeoutConfig;
import org.raktakosh.stability.servlet.WarmupConfig;
import org.raktakosh.stability.shutdown.ShutdownConfig;
import org.raktakosh.stability.tasks.BackgroundTasksConfig;
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

  private final Shutdown shutdown = new Shutdown();

  private final Gzip gzip = new Gzip();

  private final Cors cors = new Cors();

  private final TrustedHosts trustedHosts = new TrustedHosts();

  private final Tasks tasks = new Tasks();

  private final Watchdog watchdog = new Watchdog();

  private final JvmMetrics jvmMetrics = new JvmMetrics();

  private final Warmup warmup = new Warmup();

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

  /** Cross-origin resource sharing settings ({@code stability.cors.*}). */
  public Cors getCors() {
    return cors;
  }

  /** Trusted-host settings ({@code stability.trusted-hosts.*}). */
  public TrustedHosts getTrustedHosts() {
    return trustedHosts;
  }

  /** GZip settings ({@code stability.gzip.*}). */
  public Gzip getGzip() {
    return gzip;
  }

  /** Graceful shutdown settings ({@code stability.shutdown.*}). */
  public Shutdown getShutdown() {
    return shutdown;
  }

  /** Rate limit settings ({@code stability.rate-limit.*}). */
  public RateLimit getRateLimit() {
    return rateLimit;
  }

  /** Background task settings ({@code stability.tasks.*}). */
  public Tasks getTasks() {
    return tasks;
  }

  /** Health watchdog settings ({@code stability.watchdog.*}). */
  public Watchdog getWatchdog() {
    return watchdog;
  }

  /** JVM metrics settings ({@code stability.jvm-metrics.*}). */
  public JvmMetrics getJvmMetrics() {
    return jvmMetrics;
  }

  /** Warm-up before readiness ({@code stability.warmup.*}). */
  public Warmup getWarmup() {
    return warmup;
  }

  /**
   * The warm-up ({@code stability.warmup.*}): once the application is ready, it sends itself GET
   * requests over loopback, and its readiness gate {@code warmup} stays DOWN until they are done.
   */
  public static class Warmup {

    /** Whether to warm the application up before readiness turns UP. */
    private boolean enabled = false;

    /**
     * Paths to request in turn, from the server's root (the context path included), query strings
     * allowed; GET only, so name paths whose GET changes nothing. Required when enabled.
     */
    private List<String> paths = new ArrayList<>();

    /** Requests in all, over every path. */
    private int requests = WarmupConfig.DEFAULT_REQUESTS;

    /** Requests at once. */
    private int concurrency = WarmupConfig.DEFAULT_CONCURRENCY;

    /** Longest warm-up; readiness turns UP then, warm or not. */
    private Duration timeout = WarmupConfig.DEFAULT_TIMEOUT;

    /**
     * Where the requests go, without a trailing '/'; empty means http://127.0.0.1 and the port the
     * embedded server listens on.
     */
    private String baseUrl = "";

    /** Whether to warm the application up before readiness turns UP. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to warm the application up. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Paths to request in turn. */
    public List<String> getPaths() {
      return paths;
    }

    /** Sets the paths to request in turn. */
    public void setPaths(List<String> paths) {
      this.paths = paths;
    }

    /** Requests in all. */
    public int getRequests() {
      return requests;
    }

    /** Sets the number of requests in all. */
    public void setRequests(int requests) {
      this.requests = requests;
    }

    /** Requests at once. */
    public int getConcurrency() {
      return concurrency;
    }

    /** Sets the number of requests at once. */
    public void setConcurrency(int concurrency) {
      this.concurrency = concurrency;
    }

    /** Longest warm-up. */
    public Duration getTimeout() {
      return timeout;
    }

    /** Sets the longest warm-up. */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /** Where the requests go; empty for the embedded server on 127.0.0.1. */
    public String getBaseUrl() {
      return baseUrl;
    }

    /** Sets where the requests go. */
    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
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

    /**
     * Whether the problem documents Spring MVC writes itself (ProblemDetail bodies of controller
     * advice and ResponseEntityExceptionHandler) carry the request id as "requestId", as the
     * library's own problem responses do. A "requestId" the application set is kept.
     */
    private boolean problemDetails = true;

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

    /** Whether Spring MVC's own ProblemDetail bodies carry the request id. */
    public boolean isProblemDetails() {
      return problemDetails;
    }

    /** Sets whether Spring MVC's own ProblemDetail bodies carry the request id. */
    public void setProblemDetails(boolean problemDetails) {
      this.problemDetails = problemDetails;
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
     * clients see one error format; also a 4xx/5xx status left with no body, no Content-Type and no
     * Content-Length when the application returns, and an error the container forwards to an error
     * page (such as Spring Boot's /error).
     */
    private boolean problemForSendError = true;

    /**
     * Whether requests the servlet container refuses before any filter runs (a request line or
     * header it cannot parse, a path that does not decode, headers too large) are answered with
     * problem JSON too, instead of the container's HTML error page (Tomcat and Jetty).
     */
    private boolean containerRejections = true;

    /**
     * Whether TRACE is refused with 405 on Jetty, as Tomcat refuses it by default, instead of being
     * echoed back with its headers by the servlet (Spring Boot on Jetty; Tomcat is left as
     * configured).
     */
    private boolean refuseTrace = true;

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

    /** Whether the container's own refusals are answered with problem JSON. */
    public boolean isContainerRejections() {
      return containerRejections;
    }

    /** Sets whether the container's own refusals are answered with problem JSON. */
    public void setContainerRejections(boolean containerRejections) {
      this.containerRejections = containerRejections;
    }

    /** Whether TRACE is refused with 405 on Jetty. */
    public boolean isRefuseTrace() {
      return refuseTrace;
    }

    /** Sets whether TRACE is refused with 405 on Jetty. */
    public void setRefuseTrace(boolean refuseTrace) {
      this.refuseTrace = refuseTrace;
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

    private final Resources resources = new Resources();

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

    /** Settings of the built-in resource checks ({@code stability.health.resources.*}). */
    public Resources getResources() {
      return resources;
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
   * The built-in resource checks, registered under their names unless the application registers a
   * check of the same name: {@code heap} and {@code deadlocks} in liveness (a JVM out of heap or
   * deadlocked does not heal, a restart does), {@code diskSpace} as a readiness gate (an instance
   * that cannot write should not take traffic; a gate keeps readiness's default of every check).
   * The plain-servlet installer reads the same keys and registers the same checks.
   */
  public static class Resources {

    /** Whether to register the heap, deadlocks and diskSpace checks the application has not. */
    private boolean enabled = true;

    /** A file or directory on the file store the diskSpace check watches. */
    private String diskPath = ".";

    /** The least usable space the diskSpace check accepts. */
    private DataSize diskMinFree = DataSize.ofMegabytes(10);

    /** Whether to register the resource checks. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to register the resource checks. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The path the diskSpace check watches. */
    public String getDiskPath() {
      return diskPath;
    }

    /** Sets the path the diskSpace check watches. */
    public void setDiskPath(String diskPath) {
      this.diskPath = diskPath;
    }

    /** The least usable space the diskSpace check accepts. */
    public DataSize getDiskMinFree() {
      return diskMinFree;
    }

    /** Sets the least usable space the diskSpace check accepts. */
    public void setDiskMinFree(DataSize diskMinFree) {
      this.diskMinFree = diskMinFree;
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

  /** The managed scheduler for background tasks ({@code stability.tasks.*}). */
  public static class Tasks {

    /** Number of threads that run background tasks (health checks' triggers included). */
    private int threads = BackgroundTasksConfig.DEFAULT_THREADS;

    /**
     * How long running tasks may take to finish when the application stops, before they are
     * interrupted.
     */
    private Duration stopGrace = BackgroundTasksConfig.DEFAULT_STOP_GRACE;

    /** Number of threads that run background tasks. */
    public int getThreads() {
      return threads;
    }

    /** Sets the number of threads that run background tasks. */
    public void setThreads(int threads) {
      this.threads = threads;
    }

    /** How long running tasks may take to finish on stop. */
    public Duration getStopGrace() {
      return stopGrace;
    }

    /** Sets how long running tasks may take to finish on stop. */
    public void setStopGrace(Duration stopGrace) {
      this.stopGrace = stopGrace;
    }
  }

  /** What the watchdog does when it fires. */
  public enum WatchdogAction {
    /** Log at ERROR, count, and call the application's WatchdogCallback bean if there is one. */
    LOG,
    /** As LOG, then exit the JVM with the exit code so that the supervisor restarts it. */
    EXIT
  }

  /** The health watchdog ({@code stability.watchdog.*}). */
  public static class Watchdog {

    /** Whether to watch a health group and act when it stays DOWN for several runs in a row. */
    private boolean enabled = true;

    /** Health group to watch. */
    private String group = HealthWatchdogConfig.DEFAULT_GROUP;

    /** Number of DOWN runs in a row after which the watchdog fires. */
    private int failures = HealthWatchdogConfig.DEFAULT_FAILURE_THRESHOLD;

    /** Interval between two runs of the watchdog. */
    private Duration interval = HealthWatchdogConfig.DEFAULT_INTERVAL;

    /** What to do when the watchdog fires: log, or exit the JVM with the exit code. */
    private WatchdogAction action = WatchdogAction.LOG;

    /** Exit code (1 to 255) when the action is exit; 70 is EX_SOFTWARE. */
    private int exitCode = HealthWatchdogConfig.DEFAULT_EXIT_CODE;

    /** Whether to watch a health group. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to watch a health group. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Health group to watch. */
    public String getGroup() {
      return group;
    }

    /** Sets the health group to watch. */
    public void setGroup(String group) {
      this.group = group;
    }

    /** Number of DOWN runs in a row after which the watchdog fires. */
    public int getFailures() {
      return failures;
    }

    /** Sets the number of DOWN runs in a row after which the watchdog fires. */
    public void setFailures(int failures) {
      this.failures = failures;
    }

    /** Interval between two runs of the watchdog. */
    public Duration getInterval() {
      return interval;
    }

    /** Sets the interval between two runs of the watchdog. */
    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    /** What to do when the watchdog fires. */
    public WatchdogAction getAction() {
      return action;
    }

    /** Sets what to do when the watchdog fires. */
    public void setAction(WatchdogAction action) {
      this.action = action;
    }

    /** Exit code when the action is exit. */
    public int getExitCode() {
      return exitCode;
    }

    /** Sets the exit code when the action is exit. */
    public void setExitCode(int exitCode) {
      this.exitCode = exitCode;
    }
  }

  /** Micrometer's JVM and system binders ({@code stability.jvm-metrics.*}). */
  public static class JvmMetrics {

    /**
     * Whether to bind Micrometer's JVM memory, GC, thread, class-loader, processor and uptime
     * metrics when the application (or Spring Boot's own metrics auto-configuration) has not.
     */
    private boolean enabled = true;

    /** Whether to bind the JVM binders the application has not bound. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to bind the JVM binders the application has not bound. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * Graceful shutdown ({@code stability.shutdown.*}): readiness DOWN at once, new requests refused
   * with 503 after the readiness delay, requests in flight finished within the grace period.
   */
  public static class Shutdown {

    /** Whether to drain requests gracefully when the application shuts down. */
    private boolean enabled = true;

    /** How long requests are still accepted after readiness turned DOWN. */
    private Duration readinessDelay = ShutdownConfig.DEFAULT_READINESS_DELAY;

    /** Longest wait for the requests in flight once new ones are refused. */
    private Duration gracePeriod = ShutdownConfig.DEFAULT_GRACE_PERIOD;

    /** Retry-After of a refusal during the drain, rounded up to whole seconds. */
    private Duration retryAfter = ShutdownConfig.DEFAULT_RETRY_AFTER;

    /** Whether to drain requests gracefully on shutdown. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to drain requests gracefully on shutdown. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** How long requests are still accepted after readiness turned DOWN. */
    public Duration getReadinessDelay() {
      return readinessDelay;
    }

    /** Sets how long requests are still accepted after readiness turned DOWN. */
    public void setReadinessDelay(Duration readinessDelay) {
      this.readinessDelay = readinessDelay;
    }

    /** Longest wait for the requests in flight. */
    public Duration getGracePeriod() {
      return gracePeriod;
    }

    /** Sets the longest wait for the requests in flight. */
    public void setGracePeriod(Duration gracePeriod) {
      this.gracePeriod = gracePeriod;
    }

    /** Retry-After of a refusal during the drain. */
    public Duration getRetryAfter() {
      return retryAfter;
    }

    /** Sets the Retry-After of a refusal during the drain. */
    public void setRetryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
    }
  }

  /**
   * What a CORS policy allows: the keys directly under {@code stability.cors.}, under {@code
   * stability.cors.profiles.<name>.} and under {@code stability.cors.paths[<pattern>].}. A key left
   * unset in a profile or path rule takes its value from {@code stability.cors.}, and from the
   * defaults of {@code CorsPolicy} when unset there too.
   */
  public static class CorsPolicyProperties {

    /**
     * Exact allowed origins, such as https://raktakosh.org, or * for all (not with credentials).
     */
    private List<String> allowedOrigins;

    /**
     * Allowed origin patterns: https://*.raktakosh.org, http://localhost:[*], port lists
     * [8080,8081].
     */
    private List<String> allowedOriginPatterns;

    /** Allowed methods, or * for all. */
    private List<String> allowedMethods;

    /** Request headers a preflight may ask for, or * for all; answered with the names asked for. */
    private List<String> allowedHeaders;

    /** Response headers scripts may read, or * for all. */
    private List<String> exposedHeaders;

    /** Whether to allow credentials (cookies, HTTP authentication) on cross-origin requests. */
    private Boolean allowCredentials;

    /** How long browsers may cache a preflight answer. */
    private Duration maxAge;

    /** Whether to answer Private Network Access preflights with permission. */
    private Boolean allowPrivateNetwork;

    /** Whether to allow the origin 'null' (sandboxed frames, file: pages). */
    private Boolean allowNullOrigin;

    /**
     * Whether to answer actual requests from disallowed origins with 403 instead of serving them.
     */
    private Boolean rejectDisallowedOrigins;

    /** Exact allowed origins. */
    public List<String> getAllowedOrigins() {
      return allowedOrigins;
    }

    /** Sets the exact allowed origins. */
    public void setAllowedOrigins(List<String> allowedOrigins) {
      this.allowedOrigins = allowedOrigins;
    }

    /** Allowed origin patterns. */
    public List<String> getAllowedOriginPatterns() {
      return allowedOriginPatterns;
    }

    /** Sets the allowed origin patterns. */
    public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
      this.allowedOriginPatterns = allowedOriginPatterns;
    }

    /** Allowed methods. */
    public List<String> getAllowedMethods() {
      return allowedMethods;
    }

    /** Sets the allowed methods. */
    public void setAllowedMethods(List<String> allowedMethods) {
      this.allowedMethods = allowedMethods;
    }

    /** Request headers a preflight may ask for. */
    public List<String> getAllowedHeaders() {
      return allowedHeaders;
    }

    /** Sets the request headers a preflight may ask for. */
    public void setAllowedHeaders(List<String> allowedHeaders) {
      this.allowedHeaders = allowedHeaders;
    }

    /** Response headers scripts may read. */
    public List<String> getExposedHeaders() {
      return exposedHeaders;
    }

    /** Sets the response headers scripts may read. */
    public void setExposedHeaders(List<String> exposedHeaders) {
      this.exposedHeaders = exposedHeaders;
    }

    /** Whether to allow credentials. */
    public Boolean getAllowCredentials() {
      return allowCredentials;
    }

    /** Sets whether to allow credentials. */
    public void setAllowCredentials(Boolean allowCredentials) {
      this.allowCredentials = allowCredentials;
    }

    /** How long browsers may cache a preflight answer. */
    public Duration getMaxAge() {
      return maxAge;
    }

    /** Sets how long browsers may cache a preflight answer. */
    public void setMaxAge(Duration maxAge) {
      this.maxAge = maxAge;
    }

    /** Whether to allow Private Network Access preflights. */
    public Boolean getAllowPrivateNetwork() {
      return allowPrivateNetwork;
    }

    /** Sets whether to allow Private Network Access preflights. */
    public void setAllowPrivateNetwork(Boolean allowPrivateNetwork) {
      this.allowPrivateNetwork = allowPrivateNetwork;
    }

    /** Whether to allow the origin 'null'. */
    public Boolean getAllowNullOrigin() {
      return allowNullOrigin;
    }

    /** Sets whether to allow the origin 'null'. */
    public void setAllowNullOrigin(Boolean allowNullOrigin) {
      this.allowNullOrigin = allowNullOrigin;
    }

    /** Whether to answer actual requests from disallowed origins with 403. */
    public Boolean getRejectDisallowedOrigins() {
      return rejectDisallowedOrigins;
    }

    /** Sets whether to answer actual requests from disallowed origins with 403. */
    public void setRejectDisallowedOrigins(Boolean rejectDisallowedOrigins) {
      this.rejectDisallowedOrigins = rejectDisallowedOrigins;
    }
  }

  /**
   * Cross-origin resource sharing ({@code stability.cors.*}), done by {@code CorsFilter}. On when
   * the effective policy or a path rule allows some origin; off otherwise.
   */
  public static class Cors extends CorsPolicyProperties {

    /** Whether to enable the CORS filter (it also needs an allowed origin to be mounted). */
    private boolean enabled = true;

    /**
     * Name of the profile under stability.cors.profiles whose policy applies, such as dev or prod.
     */
    private String profile;

    /**
     * Whether X-Forwarded-Proto, -Host and -Port tell the request's own origin (behind a proxy).
     */
    private boolean trustForwardedHeaders = false;

    /** Policies per environment, chosen by stability.cors.profile. */
    private final Map<String, CorsPolicyProperties> profiles = new LinkedHashMap<>();

    /**
     * Policies per Ant path pattern, such as stability.cors.paths[/public/**].allowed-origins; the
     * first matching pattern wins over the profile or top-level policy.
     */
    private final Map<String, CorsPolicyProperties> paths = new LinkedHashMap<>();

    /** Whether to enable the CORS filter. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to enable the CORS filter. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The active profile. */
    public String getProfile() {
      return profile;
    }

    /** Sets the active profile. */
    public void setProfile(String profile) {
      this.profile = profile;
    }

    /** Whether X-Forwarded-* tells the request's own origin. */
    public boolean isTrustForwardedHeaders() {
      return trustForwardedHeaders;
    }

    /** Sets whether X-Forwarded-* tells the request's own origin. */
    public void setTrustForwardedHeaders(boolean trustForwardedHeaders) {
      this.trustForwardedHeaders = trustForwardedHeaders;
    }

    /** Policies per environment (bound in place). */
    public Map<String, CorsPolicyProperties> getProfiles() {
      return profiles;
    }

    /** Policies per path pattern (bound in place). */
    public Map<String, CorsPolicyProperties> getPaths() {
      return paths;
    }
  }

  /**
   * Trusted hosts ({@code stability.trusted-hosts.*}), checked by {@code TrustedHostFilter}: a
   * request whose Host is not allowed gets 400. On when allowed hosts are set.
   */
  public static class TrustedHosts {

    /** Whether to enable the trusted-host check (it also needs allowed hosts to be mounted). */
    private boolean enabled = true;

    /**
     * Allowed Host values: example.org, *.example.org, localhost, 127.0.0.1, [::1], each with an
     * optional :port. Unset allows every host.
     */
    private List<String> allowedHosts = new ArrayList<>();

    /** Path prefixes never checked, such as /health for probes that call by IP address. */
    private List<String> excludedPaths = new ArrayList<>();

    /** Whether to check X-Forwarded-Host instead of Host when present (behind a trusted proxy). */
    private boolean trustForwardedHeaders = false;

    /** Whether to enable the trusted-host check. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether to enable the trusted-host check. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Allowed Host values. */
    public List<String> getAllowedHosts() {
      return allowedHosts;
    }

    /** Sets the allowed Host values. */
    public void setAllowedHosts(List<String> allowedHosts) {
      this.allowedHosts = allowedHosts;
    }

    /** Path prefixes never checked. */
    public List<String> getExcludedPaths() {
      return excludedPaths;
    }

    /** Sets the path prefixes never checked. */
    public void setExcludedPaths(List<String> excludedPaths) {
      this.excludedPaths = excludedPaths;
    }

    /** Whether to check X-Forwarded-Host instead of Host. */
    public boolean isTrustForwardedHeaders() {
      return trustForwardedHeaders;
    }

    /** Sets whether to check X-Forwarded-Host instead of Host. */
    public void setTrustForwardedHeaders(boolean trustForwardedHeaders) {
      this.trustForwardedHeaders = trustForwardedHeaders;
    }
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

    /**
     * Largest inflated application/x-www-form-urlencoded body parsed for request parameters (the
     * container cannot parse a compressed form); more is answered with 413. Tomcat's maxPostSize by
     * default: set it as the container is set.
     */
    private DataSize maxFormSize = DataSize.ofBytes(GzipConfig.DEFAULT_MAX_FORM_SIZE);

    /**
     * Most parameters of a gzip form request, query and body together; more is answered with 413.
     * Tomcat's maxParameterCount by default.
     */
    private int maxFormParameters = GzipConfig.DEFAULT_MAX_FORM_PARAMETERS;

    /** Number of idle deflaters, and as many inflaters, kept for reuse; the rest are ended. */
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

    /** Largest inflated form body parsed for parameters. */
    public DataSize getMaxFormSize() {
      return maxFormSize;
    }

    /** Sets the largest inflated form body parsed for parameters. */
    public void setMaxFormSize(DataSize maxFormSize) {
      this.maxFormSize = maxFormSize;
    }

    /** Most parameters of a gzip form request. */
    public int getMaxFormParameters() {
      return maxFormParameters;
    }

    /** Sets the most parameters of a gzip form request. */
    public void setMaxFormParameters(int maxFormParameters) {
      this.maxFormParameters = maxFormParameters;
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
}
