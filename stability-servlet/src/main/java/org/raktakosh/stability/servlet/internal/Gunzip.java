package org.raktakosh.stability.servlet.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decodes a gzip stream (RFC 1952) with an inflater it is given, member after member, until the
 * input ends.
 *
 * <p>Why not {@link java.util.zip.GZIPInputStream}: it creates its own inflater (no pool), and
 * after a member it looks for the next one only if the input says bytes are {@code available()}
 * now, so over a network a member that has not arrived yet ends the body early and silently; and it
 * ignores bytes after a member that do not start another. Here the end of the body is the end of
 * the input, nothing else: another member is read whenever it arrives, and anything after a member
 * that is not a gzip header is malformed. Every header field is checked (magic, method, reserved
 * flags, the header CRC when present), and every member's CRC-32 and length.
 *
 * <p>Not thread-safe. The inflater stays the caller's: this class neither resets nor ends it beyond
 * what decoding the next member needs.
 */
public final class Gunzip {

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED = 0xe0;

  private final InputStream in;
  private final Inflater inflater;
  private final byte[] buffer;
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();

  /** Bytes of {@link #buffer} from {@code pos} to {@code limit} are read and not yet used. */
  private int pos;

  private int limit;

  /** Between members: the next read starts with a header (or finds the end of the input). */
  private boolean atHeader = true;

  private boolean firstMember = true;
  private boolean finished;

  /**
   * Decodes {@code in} with {@code inflater}, which must be a raw (no-wrap) inflater ready for
   * input.
   *
   * @param bufferSize how many compressed bytes to read from {@code in} at a time
   */
  public Gunzip(InputStream in, Inflater inflater, int bufferSize) {
    this.in = in;
    this.inflater = inflater;
    this.buffer = new byte[bufferSize];
  }

  /**
   * Reads up to {@code len} decoded bytes into {@code b}; blocks until at least one is decoded or
   * the input ends after a whole member.
   *
   * @return how many bytes, or -1 at the end of the last member
   * @throws ZipException the input is not gzip, is corrupt, or ends inside a member
   * @throws EOFException the input ends inside a member's header or trailer
   */
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!finished) {
      if (atHeader) {
        if (!readHeader()) {
          finished = true;
          break;
        }
        atHeader = false;
      }
      int n = inflate(b, off, len);
      if (n > 0) {
        crc.update(b, off, n);
        return n;
      }
      if (inflater.finished()) {
        pos = limit - inflater.getRemaining();
        readTrailer();
        inflater.reset();
        crc.reset();
        atHeader = true;
      } else if (inflater.needsDictionary()) {
        throw new ZipException("a gzip member asks for a preset dictionary");
      } else if (inflater.needsInput()) {
        if (!fill()) {
          throw new EOFException("the gzip data ends inside a member");
        }
        inflater.setInput(buffer, pos, limit - pos);
        pos = limit;
      }
    }
    return -1;
  }

  private int inflate(byte[] b, int off, int len) throws ZipException {
    try {
      return inflater.inflate(b, off, len);
    } catch (DataFormatException e) {
      throw new ZipException("invalid deflate data: " + e.getMessage());
    }
  }

  /**
   * Reads a member's header. Returns false if the input ends cleanly before a second or later
   * member; the first member is required.
   */
  private boolean readHeader() throws IOException {
    if (pos == limit && !fill()) {
      if (firstMember) {
        throw new EOFException("the gzip data is empty");
      }
      return false;
    }
    headerCrc.reset();
    if (headerByte() != 0x1f || headerByte() != 0x8b) {
      throw new ZipException(
          firstMember ? "not in gzip format" : "the data after a gzip member is not gzip");
    }
    if (headerByte() != 8) {
      throw new ZipException("unsupported gzip compression method");
    }
    int flags = headerByte();
    if ((flags & RESERVED) != 0) {
      throw new ZipException("reserved gzip header flags are set");
    }
    for (int i = 0; i < 6; i++) {
      headerByte(); // modification time, extra flags, operating system
    }
    if ((flags & FEXTRA) != 0) {
      int length = headerByte() | headerByte() << 8;
      for (int i = 0; i < length; i++) {
        headerByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (headerByte() != 0) {
        // the file name, zero-terminated
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (headerByte() != 0) {
        // the comment, zero-terminated
      }
    }
    if ((flags & FHCRC) != 0) {
      int expected = (int) headerCrc.getValue() & 0xffff;
      if ((nextByte() | nextByte() << 8) != expected) {
        throw new ZipException("corrupt gzip header");
      }
    }
    firstMember = false;
    if (pos < limit) {
      inflater.setInput(buffer, pos, limit - pos);
      pos = limit;
    }
    return true;
  }

  private void readTrailer() throws IOException {
    long crcValue = nextInt();
    long size = nextInt();
    if (crcValue != crc.getValue() || size != (inflater.getBytesWritten() & 0xffffffffL)) {
      throw new ZipException("corrupt gzip trailer");
    }
  }

  /** A header byte, added to the header's CRC. */
  private int headerByte() throws IOException {
    int b = nextByte();
    headerCrc.update(b);
    return b;
  }

  private long nextInt() throws IOException {
    return (nextByte() | nextByte() << 8 | nextByte() << 16 | (long) nextByte() << 24)
        & 0xffffffffL;
  }

  private int nextByte() throws IOException {
    if (pos == limit && !fill()) {
      throw new EOFException("the gzip data ends inside a member's header or trailer");
    }
    return buffer[pos++] & 0xff;
  }

  /** Reads more input into an empty buffer; false at the end of the input. */
  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
