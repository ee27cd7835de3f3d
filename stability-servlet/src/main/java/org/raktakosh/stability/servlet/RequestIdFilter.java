package org.raktakosh.stability.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.raktakosh.stability.servlet.internal.AsyncCutOff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an id: the inbound {@code X-Request-Id} (header name configurable) when it is
 * safe to reuse, a generated one otherwise. The id goes on the response header, into SLF4J's MDC as
 * {@value #MDC_REQUEST_ID} for the request's life, and onto the request as {@link #ATTRIBUTE}. A
 * valid W3C {@code traceparent} supplies {@value #MDC_TRACE_ID}.
 *
 * <p>Install it outermost, for REQUEST, ASYNC and ERROR dispatches: later dispatches of the same
 * request reuse its id. The MDC is cleared when the filter starts and when it ends, so nothing a
 * request put there reaches the next request served by the same pooled thread.
 */
public final class RequestIdFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(RequestIdFilter.class);

  /** Default header carrying the id in both directions. */
  public static final String DEFAULT_HEADER = "X-Request-Id";

  /** Request attribute holding the id. */
  public static final String ATTRIBUTE = "org.raktakosh.stability.requestId";

  /** Request attribute holding the W3C trace id, when the request carried one. */
  public static final String TRACE_ID_ATTRIBUTE = "org.raktakosh.stability.traceId";

  /** MDC key of the request id. */
  public static final String MDC_REQUEST_ID = "requestId";

  /** MDC key of the W3C trace id. */
  public static final String MDC_TRACE_ID = "traceId";

  /** Longest inbound id that is reused. */
  public static final int MAX_LENGTH = 128;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final String header;

  /** A filter using {@value #DEFAULT_HEADER}. */
  public RequestIdFilter() {
    this(DEFAULT_HEADER);
  }

  /**
   * A filter using {@code header}.
   *
   * @throws IllegalArgumentException if {@code header} is not a valid header name
   */
  public RequestIdFilter(String header) {
    Objects.requireNonNull(header, "header");
    if (header.isEmpty() || !header.chars().allMatch(RequestIdFilter::isTokenChar)) {
      throw new IllegalArgumentException("not a valid header name: '" + header + "'");
    }
    this.header = header;
  }

  /** The id {@link RequestIdFilter} gave {@code request}, if it ran. */
  public static Optional<String> requestId(ServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    return id instanceof String ? Optional.of((String) id) : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    MDC.clear();
    try {
      String id = requestId(request).orElse(null);
      String traceId = (String) request.getAttribute(TRACE_ID_ATTRIBUTE);
      if (id == null) {
        id = accept(request.getHeader(header));
        traceId = traceId(request.getHeader("traceparent"));
        request.setAttribute(ATTRIBUTE, id);
        if (traceId != null) {
          request.setAttribute(TRACE_ID_ATTRIBUTE, traceId);
        }
      }
      if (request.getDispatcherType() == DispatcherType.REQUEST && !response.isCommitted()) {
        response.setHeader(header, id);
      }
      MDC.put(MDC_REQUEST_ID, id);
      if (traceId != null) {
        MDC.put(MDC_TRACE_ID, traceId);
      }
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      AsyncCutOff.afterFailedDispatch(request, response, e);
      throw e;
    } finally {
      MDC.clear();
    }
  }

  /** The inbound id if it is safe to reuse, else a new one. */
  private static String accept(String inbound) {
    if (inbound == null || inbound.isEmpty()) {
      return generate();
    }
    if (isSafe(inbound)) {
      return inbound;
    }
    // Never log the raw value: it may carry CR/LF meant to forge log lines.
    log.debug("Replaced an unsafe inbound request id ({} characters)", inbound.length());
    return generate();
  }

  /** Visible ASCII only (no space, no controls), at most {@link #MAX_LENGTH} characters. */
  static boolean isSafe(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** 128 random bits as 32 hex characters: as unique as a UUID, shorter in every log line. */
  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] out = new byte[32]; // Latin-1 bytes: the String keeps them as they are
    long high = random.nextLong();
    long low = random.nextLong();
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xF];
      out[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xF];
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /**
   * The trace id of a W3C {@code traceparent} ({@code version-traceid-parentid-flags}, lower-case
   * hex), or null when it is absent, malformed, version {@code ff}, or has an all-zero trace or
   * parent id.
   */
  static String traceId(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    String value = traceparent.trim();
    String[] parts = value.split("-", -1);
    if (parts.length < 4
        || !isHex(parts[0], 2)
        || "ff".equals(parts[0])
        || !isHex(parts[1], 32)
        || !isHex(parts[2], 16)
        || !isHex(parts[3], 2)
        || (parts[0].equals("00") && parts.length != 4)
        || isZero(parts[1])
        || isZero(parts[2])) {
      return null;
    }
    return parts[1];
  }

  private static boolean isHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String s) {
    return s.chars().allMatch(c -> c == '0');
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }
}
