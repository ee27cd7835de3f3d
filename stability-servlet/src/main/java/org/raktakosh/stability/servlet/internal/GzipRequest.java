package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The request as {@code GzipFilter} passes it on: conditional headers with the gzip suffix of
 * entity tags taken off, a gzip body inflated (with {@code Content-Encoding} and {@code
 * Content-Length} hidden), and {@code startAsync} wired so that {@code AsyncContext.complete()}
 * ends the compressed response first.
 */
public final class GzipRequest extends HttpServletRequestWrapper {

  /** Why inflating the body failed. */
  public enum Failure {
    /** The inflated body passed {@code maxInflatedSize}. */
    TOO_LARGE,
    /** Not gzip, corrupt or cut short. */
    MALFORMED,
    /**
     * An inflated form body past {@code maxFormSize} bytes or {@code maxFormParameters} parameters.
     */
    FORM_TOO_LARGE
  }

  private static final String FORM_TYPE = "application/x-www-form-urlencoded";

  private static final String IF_NONE_MATCH = "If-None-Match";
  private static final String IF_MATCH = "If-Match";

  private final GzipPolicy policy;
  private final boolean inflate;
  private GzipResponse response;
  private volatile Failure failure;
  private Inflating body;
  private BufferedReader reader;
  private Async async;
  private Map<String, String[]> formParameters;

  /**
   * Wraps {@code request}.
   *
   * @param inflate whether its body is gzip and is inflated here
   */
  public GzipRequest(HttpServletRequest request, GzipPolicy policy, boolean inflate) {
    super(request);
    this.policy = policy;
    this.inflate = inflate;
  }

  /** Sets the response paired with this request for async completion. */
  public void pair(GzipResponse response) {
    this.response = response;
  }

  /** Why the body could not be inflated, or null. */
  public Failure failure() {
    return failure;
  }

  /** Closes the inflating stream if one was opened, ending its inflater. */
  public void closeBody() {
    Inflating b;
    synchronized (this) {
      b = body;
    }
    if (b != null) {
      b.release();
    }
  }

  @Override
  public String getHeader(String name) {
    String value = super.getHeader(name);
    if (isConditional(name)) {
      return ETags.stripGzip(value);
    }
    if (inflate && hidden(name)) {
      return null;
    }
    return value;
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    if (inflate && hidden(name)) {
      return Collections.emptyEnumeration();
    }
    Enumeration<String> values = super.getHeaders(name);
    if (!isConditional(name) || values == null) {
      return values;
    }
    List<String> stripped = new ArrayList<>();
    while (values.hasMoreElements()) {
      stripped.add(ETags.stripGzip(values.nextElement()));
    }
    return Collections.enumeration(stripped);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    Enumeration<String> names = super.getHeaderNames();
    if (!inflate || names == null) {
      return names;
    }
    List<String> kept = new ArrayList<>();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      if (!hidden(name)) {
        kept.add(name);
      }
    }
    return Collections.enumeration(kept);
  }

  @Override
  public int getIntHeader(String name) {
    return inflate && hidden(name) ? -1 : super.getIntHeader(name);
  }

  @Override
  public int getContentLength() {
    return inflate ? -1 : super.getContentLength();
  }

  @Override
  public long getContentLengthLong() {
    return inflate ? -1 : super.getContentLengthLong();
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (!inflate) {
      return super.getInputStream();
    }
    synchronized (this) {
      if (reader != null) {
        throw new IllegalStateException("getReader() has already been called");
      }
      return body();
    }
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (!inflate) {
      return super.getReader();
    }
    synchronized (this) {
      if (reader == null) {
        if (body != null) {
          throw new IllegalStateException("getInputStream() has already been called");
        }
        Charset charset = charset();
        if (charset == null) {
          throw new UnsupportedEncodingException("the request's charset is not supported");
        }
        reader = new BufferedReader(new InputStreamReader(body(), charset));
      }
      return reader;
    }
  }

  private Inflating body() throws IOException {
    if (body == null) {
      body = new Inflating(super.getInputStream());
      policy.inflatedRequests.increment();
    }
    return body;
  }

  // ---- parameters: a container parses a POST form from the body it reads, not from this one ----

  @Override
  public String getParameter(String name) {
    if (!inflatedForm()) {
      return super.getParameter(name);
    }
    String[] values = formParameters().get(name);
    return values == null ? null : values[0];
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return inflatedForm() ? formParameters() : super.getParameterMap();
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return inflatedForm()
        ? Collections.enumeration(formParameters().keySet())
        : super.getParameterNames();
  }

  @Override
  public String[] getParameterValues(String name) {
    if (!inflatedForm()) {
      return super.getParameterValues(name);
    }
    String[] values = formParameters().get(name);
    return values == null ? null : values.clone();
  }

  /** A POST form whose body this wrapper inflates: its parameters are parsed here. */
  private boolean inflatedForm() {
    if (!inflate || !"POST".equals(getMethod())) {
      return false;
    }
    // The header, not getContentType(): Jetty's throws for a charset the JVM does not know.
    String type = getHeader("Content-Type");
    if (type == null) {
      return false;
    }
    int semicolon = type.indexOf(';');
    int end = semicolon < 0 ? type.length() : semicolon;
    int from = HeaderTokens.trimStart(type, 0, end);
    return HeaderTokens.is(type, from, HeaderTokens.trimEnd(type, from, end), FORM_TYPE);
  }

  /**
   * The query's parameters, then the inflated body's, as the servlet specification orders them;
   * read from the body once, on the first call. The query is decoded as UTF-8 (the containers'
   * default for URIs), the body in the request's character encoding, ISO-8859-1 if none. More than
   * {@code maxFormParameters} or a body past {@code maxFormSize} fails the body: the filter answers
   * 413.
   */
  private synchronized Map<String, String[]> formParameters() {
    if (formParameters == null) {
      FormParameters form = new FormParameters(policy.config().maxFormParameters());
      String query = getQueryString();
      boolean within = query == null || form.add(query, StandardCharsets.UTF_8);
      if (within) {
        // A charset the JVM does not know decodes as ISO-8859-1, which reads any byte.
        Charset charset = charset();
        charset = charset == null ? StandardCharsets.ISO_8859_1 : charset;
        String text = formBody(charset);
        within = text != null && form.add(text, charset);
      }
      if (!within) {
        try {
          body().fail(Failure.FORM_TOO_LARGE);
        } catch (IOException unreadable) {
          // the container's stream failed: nothing left to refuse
        }
      }
      formParameters = form.toMap();
    }
    return formParameters;
  }

  /** The request's character encoding, ISO-8859-1 if none; null if the JVM does not know it. */
  private Charset charset() {
    try {
      String encoding = getCharacterEncoding(); // Jetty's throws for a charset it cannot load
      return encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  /**
   * What is left of the inflated body, as text; empty if it cannot be read (a failure the filter
   * answers, or a reader already taken, after which the body's parameters are not available); null
   * if it is larger than {@code maxFormSize}.
   */
  private String formBody(Charset charset) {
    // An array holds at most about Integer.MAX_VALUE bytes; maxInflatedSize bounds it anyway.
    int limit = (int) Math.min(policy.config().maxFormSize(), Integer.MAX_VALUE - 16);
    byte[] bytes;
    try {
      bytes = getInputStream().readNBytes(limit + 1);
    } catch (IOException | IllegalStateException unreadable) {
      return "";
    }
    return bytes.length > limit ? null : new String(bytes, charset);
  }

  @Override
  public AsyncContext startAsync() {
    // Pass the wrappers: the application's async writes must go through the gzip response.
    if (response == null) {
      return super.startAsync();
    }
    return startAsync(this, response);
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse servletResponse) {
    AsyncContext context = super.startAsync(request, servletResponse);
    synchronized (this) {
      if (async == null || async.delegate != context) {
        async = new Async(context);
        if (response != null) {
          context.addListener(async, request, servletResponse);
          AsyncCutOff.onCutOff(this, async::release);
        }
      }
      return async;
    }
  }

  @Override
  public AsyncContext getAsyncContext() {
    AsyncContext context = super.getAsyncContext();
    synchronized (this) {
      return async != null && async.delegate == context ? async : context;
    }
  }

  private static boolean isConditional(String name) {
    return IF_NONE_MATCH.equalsIgnoreCase(name) || IF_MATCH.equalsIgnoreCase(name);
  }

  private static boolean hidden(String name) {
    return "Content-Encoding".equalsIgnoreCase(name) || "Content-Length".equalsIgnoreCase(name);
  }

  /** Thrown to the application when the body cannot be inflated; the filter answers. */
  static final class BodyException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The inflated body, bounded by {@code maxInflatedSize}. {@link Gunzip} parses the gzip framing
   * (every member, whenever it arrives) and checks CRC and length, with an inflater from the pool
   * that {@link #release()} gives back when the body ends or the request does, so native memory
   * never waits for the garbage collector.
   */
  private final class Inflating extends ServletInputStream {
    private final ServletInputStream raw;
    private Inflater inflater;
    private Gunzip gunzip;
    private long total;
    private boolean eof;
    private boolean released;

    Inflating(ServletInputStream raw) {
      this.raw = raw;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      if (failure != null) {
        throw new BodyException("the request body could not be inflated: " + failure, null);
      }
      if (eof || released) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      try {
        if (gunzip == null) {
          inflater = policy.inflaters().acquire();
          gunzip = new Gunzip(raw, inflater, 8192);
        }
        long limit = policy.config().maxInflatedSize();
        int want = (int) Math.min(len, limit - total + 1);
        int n = gunzip.read(b, off, Math.max(want, 1));
        if (n < 0) {
          eof = true;
          release();
          return -1;
        }
        total += n;
        policy.inflatedBytes.add(n);
        if (total > limit) {
          fail(Failure.TOO_LARGE);
          throw new BodyException(
              "the inflated request body is larger than " + limit + " bytes", null);
        }
        return n;
      } catch (ZipException | EOFException e) {
        fail(Failure.MALFORMED);
        throw new BodyException("the request body is not valid gzip: " + e.getMessage(), e);
      }
    }

    /** From now on the application's answer is discarded: the filter answers. */
    private void fail(Failure why) {
      failure = why;
      release();
      GzipResponse r = response;
      if (r != null) {
        r.suppress();
      }
    }

    @Override
    public boolean isFinished() {
      return eof;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    /** Non-blocking reads of an inflated body are not supported. */
    @Override
    public void setReadListener(ReadListener listener) {
      throw new IllegalStateException(
          "non-blocking reads of a gzip request body are not supported");
    }

    @Override
    public int available() throws IOException {
      return 0;
    }

    @Override
    public void close() {
      release();
    }

    synchronized void release() {
      if (released) {
        return;
      }
      released = true;
      if (inflater != null) {
        policy.inflaters().release(inflater); // reset and kept, or ended
        inflater = null;
        gunzip = null;
      }
    }
  }

  /**
   * The async context the application sees: {@link #complete()} writes the gzip trailer before the
   * container completes, and the listener returns the deflater when the cycle ends otherwise.
   */
  private final class Async extends ForwardingAsyncContext implements AsyncListener {

    Async(AsyncContext delegate) {
      super(delegate);
    }

    @Override
    public void complete() {
      GzipResponse r = response;
      if (r != null) {
        try {
          r.finish();
        } catch (IOException | RuntimeException e) {
          r.abandon(); // the client left; completion still has to happen
        }
      }
      delegate.complete();
    }

    @Override
    public void onComplete(AsyncEvent event) {
      release();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      release();
    }

    @Override
    public void onError(AsyncEvent event) {
      release();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }

    private void release() {
      GzipResponse r = response;
      if (r != null) {
        r.abandon();
      }
      closeBody();
    }
  }
}
