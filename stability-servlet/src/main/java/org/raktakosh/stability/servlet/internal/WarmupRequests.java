package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The tokens of the warm-ups running in this JVM, so that the rate limit lets their requests
 * through: a warm-up sends thousands of requests from one address in seconds, which any per-client
 * limit would refuse, and a refused request warms nothing behind the limit.
 *
 * <p>A token is 128 random bits, valid only while its warm-up runs (seconds after start-up, before
 * the instance is ready). With none running, the check is one read of an empty array.
 */
public final class WarmupRequests {

  /** The header a warm-up request carries its token in. */
  public static final String HEADER = "Stability-Warmup";

  private static final Set<String> ACTIVE = new CopyOnWriteArraySet<>();

  private WarmupRequests() {}

  /** From now on, requests carrying {@code token} are a warm-up's. */
  public static void activate(String token) {
    ACTIVE.add(token);
  }

  /** Requests carrying {@code token} are ordinary requests again. */
  public static void deactivate(String token) {
    ACTIVE.remove(token);
  }

  /** Whether {@code request} carries the token of a warm-up running now. */
  public static boolean isWarmup(HttpServletRequest request) {
    if (ACTIVE.isEmpty()) {
      return false;
    }
    String token = request.getHeader(HEADER);
    return token != null && ACTIVE.contains(token);
  }
}
