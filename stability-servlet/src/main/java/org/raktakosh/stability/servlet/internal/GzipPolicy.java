package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.Inflater;
import org.raktakosh.stability.servlet.GzipConfig;

/**
 * What {@code GzipFilter} computes once from its {@link GzipConfig}: compiled patterns, the
 * deflater and inflater pools and the counters its responses and requests report to.
 */
public final class GzipPolicy implements AutoCloseable {

  private final GzipConfig config;
  private final List<Pattern> excludedPaths;
  private final List<Pattern> excludedUserAgents;
  private final CodecPool<DeflaterSlot> deflaters;
  private final CodecPool<Inflater> inflaters;

  /** How many {@code Content-Type} values {@link #compressesType} remembers. */
  static final int REMEMBERED_TYPES = 256;

  private final Map<String, Boolean> typeDecisions = new ConcurrentHashMap<>();

  final LongAdder compressedResponses = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder inflatedRequests = new LongAdder();
  final LongAdder inflatedBytes = new LongAdder();

  /** Compiles {@code config}. */
  public GzipPolicy(GzipConfig config) {
    this.config = config;
    this.excludedPaths =
        config.excludedPaths().stream().map(PathPatterns::compile).collect(Collectors.toList());
    this.excludedUserAgents =
        config.excludedUserAgents().stream().map(Pattern::compile).collect(Collectors.toList());
    int level = config.level();
    this.deflaters =
        new CodecPool<>(
            config.poolSize(),
            () -> new DeflaterSlot(level),
            DeflaterSlot::reset,
            DeflaterSlot::end);
    this.inflaters =
        new CodecPool<>(
            config.poolSize(), () -> new Inflater(true), Inflater::reset, Inflater::end);
  }

  /** The configuration. */
  public GzipConfig config() {
    return config;
  }

  /** Whether the filter leaves {@code request} alone entirely. */
  public boolean excludesPath(HttpServletRequest request) {
    if (excludedPaths.isEmpty()) {
      return false;
    }
    String path = RequestPaths.withinApplication(request);
    for (Pattern pattern : excludedPaths) {
      if (pattern.matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code request}'s {@code User-Agent} must get uncompressed responses. */
  public boolean excludesUserAgent(HttpServletRequest request) {
    if (excludedUserAgents.isEmpty()) {
      return false;
    }
    String agent = request.getHeader("User-Agent");
    if (agent == null) {
      return false;
    }
    for (Pattern pattern : excludedUserAgents) {
      if (pattern.matcher(agent).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a {@code Content-Type} value names a type that is compressed. Asked once per response
   * with the handful of values an application uses, so decisions are remembered, up to {@link
   * #REMEMBERED_TYPES} of them (a client cannot choose the response's type to grow the map).
   */
  public boolean compressesType(String contentType) {
    if (contentType == null) {
      return false;
    }
    Boolean known = typeDecisions.get(contentType);
    if (known != null) {
      return known;
    }
    boolean decision = decideType(contentType);
    if (typeDecisions.size() < REMEMBERED_TYPES) {
      typeDecisions.put(contentType, decision);
    }
    return decision;
  }

  private boolean decideType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return matchesAny(config.includedTypes(), type) && !matchesAny(config.excludedTypes(), type);
  }

  private static boolean matchesAny(List<String> patterns, String type) {
    for (String pattern : patterns) {
      if (matches(pattern, type)) {
        return true;
      }
    }
    return false;
  }

  /** {@code pattern} is validated and lower-case (see {@link GzipConfig}); {@code type} too. */
  static boolean matches(String pattern, String type) {
    if (pattern.equals(type) || pattern.equals("*/*")) {
      return true;
    }
    int slash = pattern.indexOf('/');
    if (pattern.endsWith("/*")) {
      return type.length() > slash + 1 && type.regionMatches(0, pattern, 0, slash + 1);
    }
    if (pattern.startsWith("*+", slash + 1)) {
      String suffix = pattern.substring(slash + 2);
      return type.regionMatches(0, pattern, 0, slash + 1)
          && type.endsWith(suffix)
          && type.length() > slash + 1 + suffix.length();
    }
    return false;
  }

  /** The deflater pool. */
  public CodecPool<DeflaterSlot> deflaters() {
    return deflaters;
  }

  /** The pool of raw inflaters for gzip request bodies. */
  public CodecPool<Inflater> inflaters() {
    return inflaters;
  }

  /** Responses sent compressed. */
  public long compressedResponses() {
    return compressedResponses.sum();
  }

  /** Uncompressed bytes the application wrote into compressed responses. */
  public long bytesIn() {
    return bytesIn.sum();
  }

  /** Compressed bytes written for them, gzip framing included. */
  public long bytesOut() {
    return bytesOut.sum();
  }

  /** Request bodies inflated (counted when the application started reading). */
  public long inflatedRequests() {
    return inflatedRequests.sum();
  }

  /** Bytes inflated from request bodies. */
  public long inflatedBytes() {
    return inflatedBytes.sum();
  }

  @Override
  public void close() {
    deflaters.close();
    inflaters.close();
  }
}
