package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Collection;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A response that compresses what the application writes when that helps and the client wants it.
 *
 * <p>Nothing reaches the real response until the choice is made: the first {@code minSize} bytes
 * are buffered (the choice is made earlier from a declared {@code Content-Length}, from headers
 * that rule compression out, or at the first {@code flush()}), so headers can still change. Once
 * made, the choice is final: {@link Mode#PLAIN} writes through, {@link Mode#GZIP} deflates with a
 * pooled {@link Deflater} (raw deflate between a gzip header and a CRC-32 trailer written here),
 * pushes everything written so far on each {@code flush()} with {@link Deflater#SYNC_FLUSH}, and
 * writes the trailer exactly once in {@link #finish()}. A flush after fewer than {@code minSize}
 * bytes sends the response uncompressed (a small body flushed by a message converter stays small);
 * a flush before any byte, which commits the headers of a stream, starts compressing it.
 *
 * <p>Thread safety: writes come from one thread at a time (the servlet contract), but an async
 * timeout or error can release the deflater from a container thread while a late write runs, so
 * every method that touches the deflater holds this object's lock.
 */
public final class GzipResponse extends HttpServletResponseWrapper {

  /** What happens to the application's bytes. */
  enum Mode {
    /** Buffering, headers not yet passed on in full. */
    UNDECIDED,
    /** Written through as they are. */
    PLAIN,
    /** Compressed. */
    GZIP,
    /** Discarded: the filter answers instead (a request body that could not be inflated). */
    SUPPRESSED
  }

  private static final int INPUT_BUFFER = DeflaterSlot.INPUT_BUFFER;

  /** The first buffer of an undecided body; it doubles as needed up to {@code minSize}. */
  private static final int SMALL_BUFFER = 256;

  private static final byte[] GZIP_HEADER = {
    0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff
  };

  private final GzipPolicy policy;
  private final HttpServletResponse target;
  private final boolean acceptsGzip;
  private final boolean rangeRequest;
  private final boolean clientHoldsGzipTag;

  // Guarded by this.
  private Mode mode = Mode.UNDECIDED;
  private long declaredLength = -1;
  private byte[] buffer;
  private int count;
  private DeflaterSlot slot;
  private Deflater deflater;
  private CRC32 crc;
  private long inputBytes;
  private byte[] output;
  private boolean finished;
  private boolean finishing;
  private boolean varyAdded;
  private boolean nonBlocking;
  private Stream stream;
  private PrintWriter writer;

  /**
   * Wraps {@code target}.
   *
   * @param acceptsGzip the request's {@code Accept-Encoding} prefers gzip and its agent is not
   *     excluded
   * @param rangeRequest the request asks for a range, which is then served uncompressed
   * @param clientHoldsGzipTag its {@code If-None-Match}/{@code If-Match} named a gzip variant
   */
  public GzipResponse(
      HttpServletResponse target,
      GzipPolicy policy,
      boolean acceptsGzip,
      boolean rangeRequest,
      boolean clientHoldsGzipTag) {
    super(target);
    this.target = target;
    this.policy = policy;
    this.acceptsGzip = acceptsGzip;
    this.rangeRequest = rangeRequest;
    this.clientHoldsGzipTag = clientHoldsGzipTag;
  }

  /** Whether this response was sent compressed. */
  public synchronized boolean compressed() {
    return mode == Mode.GZIP;
  }

  // ---- headers -------------------------------------------------------------------------------

  @Override
  public synchronized void setContentLength(int len) {
    setContentLengthLong(len);
  }

  @Override
  public synchronized void setContentLengthLong(long len) {
    switch (mode) {
      case UNDECIDED:
        declaredLength = len;
        break;
      case PLAIN:
        target.setContentLengthLong(len);
        break;
      default:
        break; // a compressed or suppressed body has no length the application could know
    }
  }

  @Override
  public synchronized void setHeader(String name, String value) {
    if (header(name, value, false)) {
      super.setHeader(name, value);
    }
  }

  @Override
  public synchronized void addHeader(String name, String value) {
    if (header(name, value, true)) {
      super.addHeader(name, value);
    }
  }

  @Override
  public synchronized void setIntHeader(String name, int value) {
    if (header(name, Integer.toString(value), false)) {
      super.setIntHeader(name, value);
    }
  }

  @Override
  public synchronized void addIntHeader(String name, int value) {
    if (header(name, Integer.toString(value), true)) {
      super.addIntHeader(name, value);
    }
  }

  /** Handles the headers this wrapper owns; returns whether to pass the call on unchanged. */
  private boolean header(String name, String value, boolean add) {
    if (mode == Mode.SUPPRESSED) {
      return false;
    }
    if ("Content-Length".equalsIgnoreCase(name)) {
      long length = -1;
      if (value != null) {
        try {
          length = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
          return true; // not ours to judge; the container will
        }
      }
      setContentLengthLong(length);
      return false;
    }
    if (mode == Mode.GZIP && "ETag".equalsIgnoreCase(name)) {
      target.setHeader(name, ETags.toGzip(value));
      return false;
    }
    if (varyAdded && "Vary".equalsIgnoreCase(name) && value != null) {
      if (add) {
        return !hasToken(value, "accept-encoding");
      }
      target.setHeader(
          name,
          hasToken(value, "accept-encoding") || hasToken(value, "*")
              ? value
              : value + ", Accept-Encoding");
      return false;
    }
    return true;
  }

  @Override
  public synchronized void setStatus(int sc) {
    if (mode != Mode.SUPPRESSED) {
      super.setStatus(sc);
    }
  }

  @Override
  public synchronized void sendError(int sc, String msg) throws IOException {
    if (mode == Mode.SUPPRESSED) {
      return;
    }
    beforeContainerWrites();
    super.sendError(sc, msg);
  }

  @Override
  public synchronized void sendError(int sc) throws IOException {
    if (mode == Mode.SUPPRESSED) {
      return;
    }
    beforeContainerWrites();
    super.sendError(sc);
  }

  @Override
  public synchronized void sendRedirect(String location) throws IOException {
    if (mode == Mode.SUPPRESSED) {
      return;
    }
    beforeContainerWrites();
    super.sendRedirect(location);
  }

  /** The container writes its own body (error page, redirect) uncompressed: step aside. */
  private void beforeContainerWrites() {
    if (mode == Mode.GZIP && !target.isCommitted()) {
      target.setHeader("Content-Encoding", null);
      target.setHeader("ETag", ETags.fromGzip(target.getHeader("ETag")));
    }
    releaseDeflater();
    count = 0;
    finished = true;
    mode = Mode.PLAIN;
  }

  @Override
  public synchronized void reset() {
    super.reset(); // throws if committed, leaving this wrapper as it was
    releaseDeflater();
    mode = Mode.UNDECIDED;
    declaredLength = -1;
    count = 0;
    varyAdded = false;
    finished = false;
  }

  @Override
  public synchronized void resetBuffer() {
    super.resetBuffer(); // throws if committed
    count = 0;
    if (mode == Mode.GZIP) {
      // The gzip header went with the buffer: start over undecided, headers as the app set them.
      target.setHeader("Content-Encoding", null);
      target.setHeader("ETag", ETags.fromGzip(target.getHeader("ETag")));
      releaseDeflater();
      mode = Mode.UNDECIDED;
    }
  }

  @Override
  public synchronized void flushBuffer() throws IOException {
    if (writer != null) {
      writer.flush(); // flushes the stream too
    } else {
      flushStream();
    }
  }

  @Override
  public synchronized ServletOutputStream getOutputStream() throws IOException {
    if (writer != null) {
      throw new IllegalStateException("getWriter() has already been called");
    }
    if (stream == null) {
      stream = new Stream();
    }
    return stream;
  }

  @Override
  public synchronized PrintWriter getWriter() throws IOException {
    if (writer == null) {
      if (stream != null) {
        throw new IllegalStateException("getOutputStream() has already been called");
      }
      String encoding = getCharacterEncoding();
      // The container would add the charset to Content-Type when getWriter() is called on it.
      target.setCharacterEncoding(encoding);
      stream = new Stream();
      writer = new PrintWriter(new OutputStreamWriter(stream, Charset.forName(encoding)), false);
    }
    return writer;
  }

  // ---- the filter's side ---------------------------------------------------------------------

  /**
   * Ends the response body: decides if still undecided, writes what is buffered and, when
   * compressing, the gzip trailer. Runs once; later calls do nothing.
   */
  public synchronized void finish() throws IOException {
    if (finished) {
      return;
    }
    finishing = true;
    try {
      if (writer != null) {
        writer.flush(); // the encoder's pending bytes; the stream ignores the flush itself
      }
    } finally {
      finishing = false;
    }
    finished = true;
    try {
      if (mode == Mode.UNDECIDED) {
        decide(true, false);
      }
      if (mode == Mode.GZIP) {
        drainInput();
        deflater.finish();
        while (!deflater.finished()) {
          emit(deflater.deflate(output, 0, output.length));
        }
        writeTrailer();
      }
    } finally {
      releaseDeflater();
    }
  }

  /**
   * Gives up on compression after a failure: returns the deflater and, if nothing was sent, takes
   * the gzip headers back and passes everything from now on straight through, so an outer filter
   * (error recovery, whichever response object it holds) can answer in plain. A response already
   * committed with gzip is left as it is: nothing more can be written to it that makes sense.
   */
  public synchronized void abandon() {
    releaseDeflater();
    if (finished) {
      return;
    }
    if (mode == Mode.GZIP && target.isCommitted()) {
      finished = true;
      return;
    }
    if (mode == Mode.GZIP) {
      target.setHeader("Content-Encoding", null);
      target.setHeader("ETag", ETags.fromGzip(target.getHeader("ETag")));
    }
    if (mode != Mode.SUPPRESSED) {
      mode = Mode.PLAIN;
    }
    count = 0;
  }

  /**
   * Discards everything the application writes from now on (its status and errors too); the filter
   * answers instead.
   *
   * @return whether nothing had been sent yet, so the filter's answer can still be written
   */
  public synchronized boolean suppress() {
    boolean committed = target.isCommitted();
    if (!committed) {
      try {
        target.resetBuffer();
      } catch (IllegalStateException alreadyCommitted) {
        committed = true;
      }
      if (mode == Mode.GZIP) {
        target.setHeader("Content-Encoding", null);
        target.setHeader("ETag", ETags.fromGzip(target.getHeader("ETag")));
      }
    }
    releaseDeflater();
    count = 0;
    finished = true;
    mode = Mode.SUPPRESSED;
    return !committed;
  }

  /** Whether the deflater is held now (for tests of the pool through the filter). */
  synchronized boolean holdsDeflater() {
    return slot != null;
  }

  // ---- the decision --------------------------------------------------------------------------

  /**
   * Chooses PLAIN or GZIP, or stays UNDECIDED when only the size is unknown yet; at the end or on a
   * flush the choice is forced, and fewer than {@code minSize} bytes then mean PLAIN. On PLAIN the
   * buffer is written out.
   */
  private void decide(boolean atEnd, boolean flushing) throws IOException {
    boolean typeCompressible = policy.compressesType(target.getContentType());
    int status = target.getStatus();
    boolean eligible =
        typeCompressible
            && acceptsGzip
            && !nonBlocking
            && status >= 200
            && status != 204
            && status != 206
            && status != 304
            && !rangeRequest
            && target.getHeader("Content-Encoding") == null
            && target.getHeader("Content-Range") == null
            && !hasToken(target.getHeaders("Cache-Control"), "no-transform");
    if (typeCompressible && status != 304 && status >= 200) {
      addVary();
    } else if (status == 304 && acceptsGzip && clientHoldsGzipTag) {
      // The client revalidates the gzip variant: the 304 names it, as the 200 did.
      addVary();
      String etag = target.getHeader("ETag");
      if (etag != null) {
        target.setHeader("ETag", ETags.toGzip(etag));
      }
    }
    int minSize = policy.config().minSize();
    if (eligible) {
      if (declaredLength >= 0) {
        eligible = declaredLength >= minSize && declaredLength > 0;
      } else if (count < minSize) {
        if (!atEnd && !flushing) {
          return; // keep buffering
        }
        // A flush before the first byte commits headers for a stream (Spring's
        // StreamingResponseBody and emitters do it): compress the stream. A flush after a few
        // bytes is a small body flushed by a message converter: leave it plain.
        eligible = flushing && count == 0;
      } else if (count == 0 && atEnd) {
        eligible = false; // nothing to compress
      }
    }
    if (eligible) {
      startGzip();
      return;
    }
    mode = Mode.PLAIN;
    if (declaredLength >= 0) {
      target.setContentLengthLong(declaredLength);
    } else if (atEnd && count > 0 && !target.isCommitted()) {
      target.setContentLengthLong(count);
    }
    if (count > 0) {
      int n = count;
      count = 0;
      target.getOutputStream().write(buffer, 0, n);
    }
    releaseDeflater(); // plain from here on: the slot (and its buffer) goes back to the pool
  }

  private void startGzip() throws IOException {
    mode = Mode.GZIP;
    target.setContentLengthLong(-1);
    target.setHeader("Content-Encoding", "gzip");
    String etag = target.getHeader("ETag");
    if (etag != null) {
      target.setHeader("ETag", ETags.toGzip(etag));
    }
    policy.compressedResponses.increment();
    inputBytes = 0;
    if (slot == null) {
      acquireSlot();
    }
    target.getOutputStream().write(GZIP_HEADER);
    policy.bytesOut.add(GZIP_HEADER.length);
    if (buffer == null) {
      buffer = slot.input;
    } else if (buffer.length < INPUT_BUFFER) {
      System.arraycopy(buffer, 0, slot.input, 0, count);
      buffer = slot.input;
    }
    // Buffered bytes stay in the buffer as the first input.
  }

  private void addVary() {
    if (varyAdded) {
      return;
    }
    varyAdded = true;
    String first = target.getHeader("Vary");
    if (first == null) {
      target.setHeader("Vary", "Accept-Encoding"); // the common case, without listing the lines
      return;
    }
    Collection<String> vary = target.getHeaders("Vary");
    if (hasToken(vary, "accept-encoding") || hasToken(vary, "*")) {
      return;
    }
    // One line (CORS's "Origin", as a rule) needs one concatenation, not a join.
    String lines = vary.size() == 1 ? first : String.join(", ", vary);
    target.setHeader("Vary", lines + ", Accept-Encoding");
  }

  // ---- the body ------------------------------------------------------------------------------

  private synchronized void write(byte[] b, int off, int len) throws IOException {
    if (finished || len == 0) {
      return; // after completion, as a container would, writes go nowhere
    }
    switch (mode) {
      case SUPPRESSED:
        return;
      case PLAIN:
        target.getOutputStream().write(b, off, len);
        return;
      case UNDECIDED:
        if (count == 0) {
          decide(false, false); // headers alone may decide: not compressible, or a known length
        }
        if (mode == Mode.UNDECIDED) {
          if (count + len < policy.config().minSize()) {
            ensureBuffer(count + len);
            System.arraycopy(b, off, buffer, count, len);
            count += len;
            return;
          }
          startGzip(); // minSize reached: the body is big enough
        }
        write(b, off, len);
        return;
      case GZIP:
        break;
      default:
        throw new IllegalStateException(mode.name());
    }
    // GZIP: gather small writes, deflate big ones directly.
    if (len >= buffer.length) {
      drainInput();
      deflate(b, off, len);
    } else {
      if (len > buffer.length - count) {
        drainInput();
      }
      System.arraycopy(b, off, buffer, count, len);
      count += len;
    }
  }

  private void acquireSlot() {
    slot = policy.deflaters().acquire();
    deflater = slot.deflater;
    crc = slot.crc;
    output = slot.output;
  }

  private void ensureBuffer(int size) {
    if (buffer == null) {
      // Most undecided bodies stay below minSize and go out plain: a small array of their own
      // costs less than a pooled slot (a shared queue's lock, twice, and a deflater reset).
      buffer = new byte[Math.max(size, Math.min(SMALL_BUFFER, policy.config().minSize()))];
    } else if (buffer.length < size) {
      buffer = Arrays.copyOf(buffer, Math.max(size, buffer.length * 2));
    }
  }

  private void drainInput() throws IOException {
    if (count > 0) {
      int n = count;
      count = 0;
      deflate(buffer, 0, n);
    }
  }

  private void deflate(byte[] b, int off, int len) throws IOException {
    crc.update(b, off, len);
    inputBytes += len;
    policy.bytesIn.add(len);
    deflater.setInput(b, off, len);
    while (!deflater.needsInput()) {
      emit(deflater.deflate(output, 0, output.length, Deflater.NO_FLUSH));
    }
  }

  private void emit(int n) throws IOException {
    if (n > 0) {
      target.getOutputStream().write(output, 0, n);
      policy.bytesOut.add(n);
    }
  }

  private void writeTrailer() throws IOException {
    long crcValue = crc.getValue();
    byte[] trailer = new byte[8];
    for (int i = 0; i < 4; i++) {
      trailer[i] = (byte) (crcValue >>> (8 * i));
      trailer[4 + i] = (byte) (inputBytes >>> (8 * i));
    }
    target.getOutputStream().write(trailer);
    policy.bytesOut.add(trailer.length);
  }

  private synchronized void flushStream() throws IOException {
    if (finishing || finished || mode == Mode.SUPPRESSED) {
      return;
    }
    if (mode == Mode.UNDECIDED) {
      decide(false, true);
    }
    if (mode == Mode.GZIP) {
      drainInput();
      int n;
      do {
        n = deflater.deflate(output, 0, output.length, Deflater.SYNC_FLUSH);
        emit(n);
      } while (n == output.length);
    }
    target.flushBuffer();
  }

  private synchronized void closeStream() throws IOException {
    if (finished) {
      return;
    }
    finish();
    target.getOutputStream().close();
  }

  private void releaseDeflater() {
    if (slot != null) {
      if (buffer == slot.input) {
        buffer = null; // the pool's from now on
        count = 0;
      }
      DeflaterSlot s = slot;
      slot = null;
      deflater = null;
      crc = null;
      output = null;
      policy.deflaters().release(s);
    }
  }

  private static boolean hasToken(Collection<String> values, String token) {
    if (values == null) {
      return false;
    }
    for (String value : values) {
      if (hasToken(value, token)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the comma-separated {@code value} has {@code token} (lower-case) as an element,
   * compared case-insensitively and ignoring a {@code =value} after it. Scans in place: this runs
   * on every response, so it allocates nothing.
   */
  static boolean hasToken(String value, String token) {
    if (value == null) {
      return false;
    }
    int length = value.length();
    int start = 0;
    while (start <= length) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? length : comma;
      int equals = value.indexOf('=', start);
      if (equals >= 0 && equals < end) {
        end = equals;
      }
      int from = HeaderTokens.trimStart(value, start, end);
      if (HeaderTokens.is(value, from, HeaderTokens.trimEnd(value, from, end), token)) {
        return true;
      }
      if (comma < 0) {
        return false;
      }
      start = comma + 1;
    }
    return false;
  }

  /** The application's output stream. */
  private final class Stream extends ServletOutputStream {
    private final byte[] one = new byte[1];

    @Override
    public void write(int b) throws IOException {
      synchronized (GzipResponse.this) {
        one[0] = (byte) b;
        GzipResponse.this.write(one, 0, 1);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      GzipResponse.this.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      flushStream();
    }

    @Override
    public void close() throws IOException {
      closeStream();
    }

    @Override
    public boolean isReady() {
      synchronized (GzipResponse.this) {
        if (nonBlocking) {
          try {
            return target.getOutputStream().isReady();
          } catch (IOException e) {
            return false;
          }
        }
        return true;
      }
    }

    /**
     * Non-blocking output is passed through uncompressed: what was buffered goes out first (still
     * blocking, as the listener is not yet set), then the container's own stream takes over.
     */
    @Override
    public void setWriteListener(WriteListener listener) {
      synchronized (GzipResponse.this) {
        try {
          if (mode == Mode.GZIP) {
            throw new IllegalStateException(
                "non-blocking output after compressed output has started");
          }
          nonBlocking = true;
          if (mode == Mode.UNDECIDED) {
            decide(false, true); // nonBlocking rules compression out: plain from here on
          }
          target.getOutputStream().setWriteListener(listener);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
