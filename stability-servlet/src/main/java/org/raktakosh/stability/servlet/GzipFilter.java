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
import java.util.Enumeration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.servlet.internal.AcceptEncoding;
import org.raktakosh.stability.servlet.internal.AsyncCutOff;
import org.raktakosh.stability.servlet.internal.ETags;
import org.raktakosh.stability.servlet.internal.GzipPolicy;
import org.raktakosh.stability.servlet.internal.GzipRequest;
import org.raktakosh.stability.servlet.internal.GzipResponse;
import org.raktakosh.stability.servlet.internal.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses responses with gzip and inflates gzip request bodies, without breaking caching,
 * streaming or ranges.
 *
 * <p><b>Responses</b> are compressed when the client's {@code Accept-Encoding} prefers gzip
 * (q-values honoured, {@code gzip;q=0} means no), the status is not 1xx, 204, 206 or 304, the
 * request has no {@code Range} and the response no {@code Content-Range}, {@code Content-Encoding}
 * or {@code Cache-Control: no-transform}, the type is one of {@link GzipConfig#includedTypes()} and
 * not of {@link GzipConfig#excludedTypes()}, and the body is at least {@link GzipConfig#minSize()}
 * (decided from a declared {@code Content-Length} or after buffering that many bytes). A compressed
 * response has {@code Content-Encoding: gzip}, no {@code Content-Length}, and a strong {@code ETag}
 * {@code "x"} turned into {@code "x--gzip"}; {@code If-None-Match} and {@code If-Match} reach the
 * application with that suffix taken off, so its own conditional logic answers 304s, which then
 * carry the gzip tag. {@code Vary: Accept-Encoding} is added once to every response whose type
 * could be compressed. {@code flush()} pushes all bytes written so far to the client ({@code
 * SYNC_FLUSH}); a flush before {@code minSize} bytes sends that response uncompressed.
 *
 * <p><b>Requests</b> with {@code Content-Encoding: gzip} (or {@code x-gzip}) are inflated for the
 * application, {@code Content-Encoding} and {@code Content-Length} hidden. An inflated body past
 * {@link GzipConfig#maxInflatedSize()} stops reading and is answered 413, a malformed or truncated
 * one 400, any other coding 415 with {@code Accept-Encoding: gzip}; all as {@code
 * application/problem+json}, whatever the application made of the read failure. Every gzip member
 * of a body is read, whenever it arrives. A POST form's parameters come from the inflated body; a
 * gzip multipart body is refused with 415.
 *
 * <p>A HEAD request is handled as a GET (the container sends no body), so it gets the very headers
 * a GET would, {@code Content-Encoding} and {@code ETag} included.
 *
 * <p>Deflaters come from a bounded pool and go back to it when the response ends, fails, or its
 * async cycle times out ({@link #deflatersInUse()} returns to zero); inflaters likewise when the
 * body or the request ends ({@link #inflatersInUse()}). Non-blocking output ({@code WriteListener})
 * is passed through uncompressed.
 *
 * <p>Install innermost (after {@link TimeoutFilter}) for REQUEST and ASYNC dispatches; an ASYNC
 * dispatch continues the response its REQUEST dispatch started.
 */
public final class GzipFilter implements Filter, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GzipFilter.class);

  /** Where the wrappers of a request are kept for its ASYNC dispatches. */
  private static final String STATE = GzipFilter.class.getName() + ".state";

  private final GzipPolicy policy;
  private final LongAdder tooLarge = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder unsupported = new LongAdder();

  /** A filter with every default. */
  public GzipFilter() {
    this(GzipConfig.ofDefaults());
  }

  /** A filter configured by {@code config}. */
  public GzipFilter(GzipConfig config) {
    this.policy = new GzipPolicy(Objects.requireNonNull(config, "config"));
  }

  /** The configuration. */
  public GzipConfig config() {
    return policy.config();
  }

  /** Responses sent compressed. */
  public long compressedResponses() {
    return policy.compressedResponses();
  }

  /** Uncompressed bytes written by applications into compressed responses. */
  public long bytesIn() {
    return policy.bytesIn();
  }

  /** Bytes sent for compressed responses, gzip framing included. */
  public long bytesOut() {
    return policy.bytesOut();
  }

  /** Request bodies inflated. */
  public long inflatedRequests() {
    return policy.inflatedRequests();
  }

  /** Bytes inflated from request bodies. */
  public long inflatedBytes() {
    return policy.inflatedBytes();
  }

  /** Requests answered 413: their inflated body passed the limit. */
  public long tooLargeRequests() {
    return tooLarge.sum();
  }

  /** Requests answered 400: their gzip body was malformed or truncated. */
  public long malformedRequests() {
    return malformed.sum();
  }

  /** Requests answered 415: their body had a coding other than gzip. */
  public long unsupportedRequests() {
    return unsupported.sum();
  }

  /** Deflaters handed out and not yet returned; zero when no response is being compressed. */
  public int deflatersInUse() {
    return policy.deflaters().inUse();
  }

  /** Idle deflaters kept in the pool. */
  public int deflatersIdle() {
    return policy.deflaters().idle();
  }

  /** Inflaters held by request bodies being read now; zero when none is. */
  public int inflatersInUse() {
    return policy.inflaters().inUse();
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
    DispatcherType type = request.getDispatcherType();
    if (type == DispatcherType.ASYNC) {
      Object state = request.getAttribute(STATE);
      if (state instanceof State) {
        State s = (State) state;
        // The container's ASYNC view of the request (its dispatcher type, its paths) is passed on
        // when it carries our wrappers, which it does when startAsync went through them.
        ServletRequest passedRequest =
            req instanceof GzipRequest
                    || req instanceof jakarta.servlet.ServletRequestWrapper
                        && ((jakarta.servlet.ServletRequestWrapper) req)
                            .isWrapperFor(GzipRequest.class)
                ? req
                : s.request;
        ServletResponse passedResponse =
            res instanceof GzipResponse
                    || res instanceof jakarta.servlet.ServletResponseWrapper
                        && ((jakarta.servlet.ServletResponseWrapper) res)
                            .isWrapperFor(GzipResponse.class)
                ? res
                : s.response;
        try {
          run(chain, passedRequest, passedResponse, s.request, s.response, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
          AsyncCutOff.afterFailedDispatch(req, res, e);
          throw e;
        }
        return;
      }
    }
    if (type != DispatcherType.REQUEST || policy.excludesPath(request)) {
      chain.doFilter(req, res);
      return;
    }
    boolean inflate = false;
    String coding = requestCoding(request);
    if (coding != null) {
      if (!policy.config().inflateRequests()) {
        inflate = false;
      } else if (coding.equals("gzip") || coding.equals("x-gzip")) {
        if (isMultipart(request)) {
          // The container would parse the parts from the body it reads itself: compressed.
          unsupported.increment();
          response.setHeader("Accept-Encoding", "identity");
          ProblemResponses.write(
              response,
              ProblemResponses.forRequest(request, 415)
                  .detail(
                      "Multipart request bodies cannot be sent with Content-Encoding gzip;"
                          + " compress the parts instead.")
                  .build());
          return;
        }
        inflate = true;
      } else {
        unsupported.increment();
        Problem problem =
            ProblemResponses.forRequest(request, 415)
                .detail("Request bodies may be sent with Content-Encoding gzip only.")
                .build();
        response.setHeader("Accept-Encoding", "gzip");
        ProblemResponses.write(response, problem);
        return;
      }
    }
    GzipRequest gzipRequest = new GzipRequest(request, policy, inflate);
    GzipResponse gzipResponse =
        new GzipResponse(
            response,
            policy,
            !policy.excludesUserAgent(request)
                && AcceptEncoding.prefersGzip(headers(request, "Accept-Encoding")),
            request.getHeader("Range") != null,
            namesGzipVariant(headers(request, "If-None-Match"))
                || namesGzipVariant(headers(request, "If-Match")));
    gzipRequest.pair(gzipResponse);
    request.setAttribute(STATE, new State(gzipRequest, gzipResponse));
    run(chain, gzipRequest, gzipResponse, gzipRequest, gzipResponse, response);
  }

  /** Runs one dispatch and ends the response unless it went (or stays) async. */
  private void run(
      FilterChain chain,
      ServletRequest passedRequest,
      ServletResponse passedResponse,
      GzipRequest request,
      GzipResponse response,
      HttpServletResponse raw)
      throws IOException, ServletException {
    try {
      chain.doFilter(passedRequest, passedResponse);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      if (answerBodyFailure(request, response, raw)) {
        return;
      }
      response.abandon();
      request.closeBody();
      throw e;
    }
    if (answerBodyFailure(request, response, raw)) {
      return;
    }
    if (request.isAsyncStarted()) {
      return; // complete(), or a later dispatch, ends the response
    }
    try {
      response.finish();
    } catch (IOException | RuntimeException e) {
      response.abandon();
      throw e;
    } finally {
      request.closeBody();
    }
  }

  /**
   * When the body could not be inflated, the answer is ours whatever the application did with the
   * read failure: 413 or 400. Returns whether it was such a request.
   */
  private boolean answerBodyFailure(
      GzipRequest request, GzipResponse response, HttpServletResponse raw) {
    GzipRequest.Failure failure = request.failure();
    if (failure == null) {
      return false;
    }
    request.closeBody();
    boolean writable = response.suppress();
    int status = failure == GzipRequest.Failure.MALFORMED ? 400 : 413;
    if (status == 413) {
      tooLarge.increment();
    } else {
      malformed.increment();
    }
    if (request.isAsyncStarted()) {
      try {
        request.getAsyncContext().complete();
      } catch (IllegalStateException ignored) {
        // already completing
      }
    }
    if (!writable) {
      log.debug("Request body failed ({}) after the response was committed", failure);
      return true;
    }
    String detail;
    switch (failure) {
      case TOO_LARGE:
        detail =
            "The inflated request body is larger than "
                + policy.config().maxInflatedSize()
                + " bytes.";
        break;
      case FORM_TOO_LARGE:
        detail =
            "The inflated form is larger than "
                + policy.config().maxFormSize()
                + " bytes or has more than "
                + policy.config().maxFormParameters()
                + " parameters.";
        break;
      default:
        detail = "The request body is not valid gzip (malformed or truncated).";
    }
    ProblemResponses.write(
        raw, ProblemResponses.forRequest(request, status).detail(detail).build());
    return true;
  }

  private static boolean isMultipart(HttpServletRequest request) {
    // The header, not getContentType(): Jetty's throws for a charset the JVM does not know.
    String type = request.getHeader("Content-Type");
    return type != null && type.regionMatches(true, 0, "multipart/", 0, 10);
  }

  /** The request body's coding, lower-case, or null for none or {@code identity}. */
  private static String requestCoding(HttpServletRequest request) {
    Enumeration<String> values = headers(request, "Content-Encoding");
    if (values == null) {
      return null;
    }
    String found = null;
    while (values.hasMoreElements()) {
      for (String element : values.nextElement().split(",")) {
        String coding = element.trim().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || coding.equals("identity")) {
          continue;
        }
        if (found != null) {
          return found + "," + coding; // stacked codings: not supported
        }
        found = coding;
      }
    }
    return found;
  }

  /**
   * The header's values, or null when it is absent: asked first with {@code getHeader}, which
   * containers answer without allocating, as most requests carry none of the headers read here.
   */
  private static Enumeration<String> headers(HttpServletRequest request, String name) {
    return request.getHeader(name) == null ? null : request.getHeaders(name);
  }

  private static boolean namesGzipVariant(Enumeration<String> values) {
    if (values == null) {
      return false;
    }
    while (values.hasMoreElements()) {
      if (ETags.namesGzipVariant(values.nextElement())) {
        return true;
      }
    }
    return false;
  }

  /** Ends the idle pooled deflaters. */
  @Override
  public void close() {
    policy.close();
  }

  @Override
  public void destroy() {
    close();
  }

  /** The wrappers of one request, for its ASYNC dispatches. */
  private static final class State {
    final GzipRequest request;
    final GzipResponse response;

    State(GzipRequest request, GzipResponse response) {
      this.request = request;
      this.response = response;
    }
  }
}
