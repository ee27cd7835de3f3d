package org.raktakosh.stability.servlet;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.Deflater;
import org.raktakosh.stability.servlet.internal.PathPatterns;

/**
 * Settings of {@link GzipFilter}. Immutable; build with {@link #custom()}.
 *
 * <ul>
 *   <li>{@code minSize} (default {@value #DEFAULT_MIN_SIZE} bytes): smaller bodies are sent as they
 *       are; decided from a declared {@code Content-Length} or after buffering the first {@code
 *       minSize} bytes.
 *   <li>{@code level} (default {@value #DEFAULT_LEVEL}): the deflate level, 1 (fastest) to 9
 *       (smallest).
 *   <li>{@code includedTypes} / {@code excludedTypes}: media types compressed, and those never
 *       compressed even when included ({@code text/event-stream} and already-compressed types by
 *       default). A pattern is an exact type, {@code text/*}, {@code application/*+json} or {@code
 *       *}{@code /*}.
 *   <li>{@code excludedPaths} (default none): Ant path patterns never compressed nor inflated.
 *   <li>{@code excludedUserAgents} (default none): regular expressions; a request whose {@code
 *       User-Agent} matches one in full gets uncompressed responses.
 *   <li>{@code inflateRequests} (default true): whether {@code Content-Encoding: gzip} request
 *       bodies are inflated for the application.
 *   <li>{@code maxInflatedSize} (default 10 MiB): the largest inflated request body; more is
 *       answered 413.
 *   <li>{@code maxFormSize} (default 2 MiB) and {@code maxFormParameters} (default 1 000): the
 *       largest inflated {@code application/x-www-form-urlencoded} body the filter parses for
 *       {@code getParameter}, and the most parameters it takes from the query and that body
 *       together; more is answered 413. The defaults are Tomcat's {@code maxPostSize} and {@code
 *       maxParameterCount}: set them as the container is set, since the container cannot parse a
 *       compressed form itself.
 *   <li>{@code poolSize} (default {@value #DEFAULT_POOL_SIZE}): idle deflaters kept for reuse, and
 *       as many inflaters for request bodies; the rest are {@code end()}ed when released, so native
 *       memory stays bounded.
 * </ul>
 */
public final class GzipConfig {

  /**
   * Default minimum body size to compress: 1 KiB, below which gzip's 18 bytes of framing and a
   * round of deflate rarely pay off.
   */
  public static final int DEFAULT_MIN_SIZE = 1024;

  /**
   * Default deflate level: 6, zlib's default and that of Tomcat and Jetty's {@code GzipHandler}.
   * Measured on 64 KiB of JSON (see the README): level 9 saves 10 % more bytes for three times the
   * CPU, levels 1 to 5 cost 1 to 19 % more bytes for 30 to 60 % less CPU; 6 gives the same bytes as
   * Jetty at the same cost.
   */
  public static final int DEFAULT_LEVEL = 6;

  /** Default media types compressed. */
  public static final List<String> DEFAULT_INCLUDED_TYPES =
      List.of(
          "text/*",
          "application/json",
          "application/*+json",
          "application/problem+json",
          "application/x-ndjson",
          "application/javascript",
          "application/ecmascript",
          "application/xml",
          "application/*+xml",
          "application/x-www-form-urlencoded",
          "application/wasm",
          "image/svg+xml",
          "image/x-icon",
          "font/ttf",
          "font/otf");

  /**
   * Default media types never compressed: server-sent events (a proxy or browser may hold back a
   * compressed event until more arrives) and formats that are compressed already.
   */
  public static final List<String> DEFAULT_EXCLUDED_TYPES =
      List.of(
          "text/event-stream",
          "application/gzip",
          "application/zip",
          "application/zstd",
          "application/x-bzip2",
          "application/x-xz",
          "application/x-7z-compressed",
          "application/pdf",
          "image/png",
          "image/jpeg",
          "image/gif",
          "image/webp",
          "image/avif",
          "audio/*",
          "video/*",
          "font/woff",
          "font/woff2");

  /** Default limit of an inflated request body: 10 MiB. */
  public static final long DEFAULT_MAX_INFLATED_SIZE = 10L * 1024 * 1024;

  /** Default limit of an inflated form body parsed for parameters: 2 MiB, Tomcat's default. */
  public static final long DEFAULT_MAX_FORM_SIZE = 2L * 1024 * 1024;

  /** Default limit of the parameters of a gzip form request: 1 000, Tomcat's default. */
  public static final int DEFAULT_MAX_FORM_PARAMETERS = 1000;

  /** Default number of idle deflaters kept. */
  public static final int DEFAULT_POOL_SIZE = 64;

  private final int minSize;
  private final int level;
  private final List<String> includedTypes;
  private final List<String> excludedTypes;
  private final List<String> excludedPaths;
  private final List<String> excludedUserAgents;
  private final boolean inflateRequests;
  private final long maxInflatedSize;
  private final long maxFormSize;
  private final int maxFormParameters;
  private final int poolSize;

  private GzipConfig(Builder builder) {
    this.minSize = builder.minSize;
    this.level = builder.level;
    this.includedTypes = builder.includedTypes;
    this.excludedTypes = builder.excludedTypes;
    this.excludedPaths = builder.excludedPaths;
    this.excludedUserAgents = builder.excludedUserAgents;
    this.inflateRequests = builder.inflateRequests;
    this.maxInflatedSize = builder.maxInflatedSize;
    this.maxFormSize = builder.maxFormSize;
    this.maxFormParameters = builder.maxFormParameters;
    this.poolSize = builder.poolSize;
  }

  /** Every default. */
  public static GzipConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Smallest body compressed, in bytes. */
  public int minSize() {
    return minSize;
  }

  /** The deflate level, 1 to 9. */
  public int level() {
    return level;
  }

  /** Media-type patterns compressed (unmodifiable). */
  public List<String> includedTypes() {
    return includedTypes;
  }

  /** Media-type patterns never compressed (unmodifiable). */
  public List<String> excludedTypes() {
    return excludedTypes;
  }

  /** Ant path patterns the filter leaves alone (unmodifiable). */
  public List<String> excludedPaths() {
    return excludedPaths;
  }

  /** {@code User-Agent} regular expressions that get uncompressed responses (unmodifiable). */
  public List<String> excludedUserAgents() {
    return excludedUserAgents;
  }

  /** Whether gzip request bodies are inflated. */
  public boolean inflateRequests() {
    return inflateRequests;
  }

  /** Largest inflated request body in bytes. */
  public long maxInflatedSize() {
    return maxInflatedSize;
  }

  /** Largest inflated form body parsed for parameters, in bytes. */
  public long maxFormSize() {
    return maxFormSize;
  }

  /** Most parameters of a gzip form request, query and body together. */
  public int maxFormParameters() {
    return maxFormParameters;
  }

  /** Idle deflaters kept for reuse. */
  public int poolSize() {
    return poolSize;
  }

  @Override
  public String toString() {
    return "GzipConfig{minSize="
        + minSize
        + ", level="
        + level
        + ", includedTypes="
        + includedTypes
        + ", excludedTypes="
        + excludedTypes
        + ", excludedPaths="
        + excludedPaths
        + ", excludedUserAgents="
        + excludedUserAgents
        + ", inflateRequests="
        + inflateRequests
        + ", maxInflatedSize="
        + maxInflatedSize
        + ", maxFormSize="
        + maxFormSize
        + ", maxFormParameters="
        + maxFormParameters
        + ", poolSize="
        + poolSize
        + '}';
  }

  /** Builds {@link GzipConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private int minSize = DEFAULT_MIN_SIZE;
    private int level = DEFAULT_LEVEL;
    private List<String> includedTypes = DEFAULT_INCLUDED_TYPES;
    private List<String> excludedTypes = DEFAULT_EXCLUDED_TYPES;
    private List<String> excludedPaths = List.of();
    private List<String> excludedUserAgents = List.of();
    private boolean inflateRequests = true;
    private long maxInflatedSize = DEFAULT_MAX_INFLATED_SIZE;
    private long maxFormSize = DEFAULT_MAX_FORM_SIZE;
    private int maxFormParameters = DEFAULT_MAX_FORM_PARAMETERS;
    private int poolSize = DEFAULT_POOL_SIZE;

    private Builder() {}

    /**
     * Sets the smallest body compressed; 0 compresses every eligible body from its first byte.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder minSize(int minSize) {
      if (minSize < 0) {
        throw new IllegalArgumentException("minSize must not be negative but was " + minSize);
      }
      this.minSize = minSize;
      return this;
    }

    /**
     * Sets the deflate level.
     *
     * @throws IllegalArgumentException if not between 1 and 9
     */
    public Builder level(int level) {
      if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
        throw new IllegalArgumentException("level must be between 1 and 9 but was " + level);
      }
      this.level = level;
      return this;
    }

    /**
     * Sets the media-type patterns compressed, replacing the defaults.
     *
     * @throws IllegalArgumentException if a pattern is not {@code type/subtype}, {@code type/*},
     *     {@code type/*+suffix} or {@code *}{@code /*}
     */
    public Builder includedTypes(List<String> patterns) {
      this.includedTypes = mediaTypes("includedTypes", patterns);
      return this;
    }

    /**
     * Sets the media-type patterns compressed, replacing the defaults.
     *
     * @throws IllegalArgumentException as {@link #includedTypes(List)}
     */
    public Builder includedTypes(String... patterns) {
      return includedTypes(Arrays.asList(patterns));
    }

    /**
     * Sets the media-type patterns never compressed, replacing the defaults.
     *
     * @throws IllegalArgumentException as {@link #includedTypes(List)}
     */
    public Builder excludedTypes(List<String> patterns) {
      this.excludedTypes = mediaTypes("excludedTypes", patterns);
      return this;
    }

    /**
     * Sets the media-type patterns never compressed, replacing the defaults.
     *
     * @throws IllegalArgumentException as {@link #includedTypes(List)}
     */
    public Builder excludedTypes(String... patterns) {
      return excludedTypes(Arrays.asList(patterns));
    }

    /**
     * Sets the Ant path patterns left alone, such as {@code /downloads/**}.
     *
     * @throws IllegalArgumentException if a pattern does not start with '/'
     */
    public Builder excludedPaths(List<String> patterns) {
      patterns.forEach(PathPatterns::compile);
      this.excludedPaths = List.copyOf(patterns);
      return this;
    }

    /**
     * Sets the Ant path patterns left alone.
     *
     * @throws IllegalArgumentException if a pattern does not start with '/'
     */
    public Builder excludedPaths(String... patterns) {
      return excludedPaths(Arrays.asList(patterns));
    }

    /**
     * Sets the {@code User-Agent} regular expressions that get uncompressed responses.
     *
     * @throws IllegalArgumentException if one is not a valid regular expression
     */
    public Builder excludedUserAgents(List<String> regexes) {
      for (String regex : regexes) {
        try {
          Pattern.compile(Objects.requireNonNull(regex, "excludedUserAgents"));
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(
              "excludedUserAgents has an invalid regular expression '" + regex + "'", e);
        }
      }
      this.excludedUserAgents = List.copyOf(regexes);
      return this;
    }

    /**
     * Sets the {@code User-Agent} regular expressions that get uncompressed responses.
     *
     * @throws IllegalArgumentException if one is not a valid regular expression
     */
    public Builder excludedUserAgents(String... regexes) {
      return excludedUserAgents(Arrays.asList(regexes));
    }

    /** Sets whether gzip request bodies are inflated (otherwise passed on untouched). */
    public Builder inflateRequests(boolean inflateRequests) {
      this.inflateRequests = inflateRequests;
      return this;
    }

    /**
     * Sets the largest inflated request body in bytes.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxInflatedSize(long maxInflatedSize) {
      if (maxInflatedSize < 0) {
        throw new IllegalArgumentException(
            "maxInflatedSize must not be negative but was " + maxInflatedSize);
      }
      this.maxInflatedSize = maxInflatedSize;
      return this;
    }

    /**
     * Sets the largest inflated form body parsed for parameters, in bytes.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxFormSize(long maxFormSize) {
      if (maxFormSize <= 0) {
        throw new IllegalArgumentException("maxFormSize must be positive but was " + maxFormSize);
      }
      this.maxFormSize = maxFormSize;
      return this;
    }

    /**
     * Sets the most parameters of a gzip form request, query and body together.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxFormParameters(int maxFormParameters) {
      if (maxFormParameters <= 0) {
        throw new IllegalArgumentException(
            "maxFormParameters must be positive but was " + maxFormParameters);
      }
      this.maxFormParameters = maxFormParameters;
      return this;
    }

    /**
     * Sets the number of idle deflaters kept; 0 ends each after use.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder poolSize(int poolSize) {
      if (poolSize < 0) {
        throw new IllegalArgumentException("poolSize must not be negative but was " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /** The configuration. */
    public GzipConfig build() {
      return new GzipConfig(this);
    }

    private static List<String> mediaTypes(String setting, List<String> patterns) {
      Objects.requireNonNull(patterns, setting);
      List<String> lower = new java.util.ArrayList<>(patterns.size());
      for (String pattern : patterns) {
        String p = Objects.requireNonNull(pattern, setting).trim().toLowerCase(Locale.ROOT);
        int slash = p.indexOf('/');
        boolean valid =
            slash > 0
                && slash < p.length() - 1
                && p.indexOf('/', slash + 1) < 0
                && p.indexOf(';') < 0
                && (p.indexOf('*') < 0
                    || p.equals("*/*")
                    || p.endsWith("/*") && p.indexOf('*') == p.length() - 1
                    || p.startsWith("*+", slash + 1) && p.indexOf('*', slash + 2) < 0);
        if (!valid) {
          throw new IllegalArgumentException(
              setting + " has an invalid media-type pattern '" + pattern + "'");
        }
        lower.add(p);
      }
      return List.copyOf(lower);
    }
  }
}
