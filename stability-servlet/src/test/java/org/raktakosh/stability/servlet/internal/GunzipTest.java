package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class GunzipTest {

  private static final byte[] TEXT =
      "{\"donors\":[{\"name\":\"Asha\",\"group\":\"O+\"},{\"name\":\"Ravi\",\"group\":\"B-\"}]}"
          .repeat(40)
          .getBytes(StandardCharsets.UTF_8);

  /** Decodes {@code gzip}, handing it over {@code chunk} bytes per read. */
  private static byte[] gunzip(byte[] gzip, int chunk) throws IOException {
    Inflater inflater = new Inflater(true);
    try {
      Gunzip in = new Gunzip(new Trickle(gzip, chunk), inflater, 64);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[100];
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  /**
   * A gzip member with the optional header fields the JDK never writes: extra field, name, comment,
   * header CRC (as {@code gzip -N} and other tools may send).
   */
  private static byte[] member(byte[] plain, int flags, boolean goodHeaderCrc) {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
    if ((flags & 4) != 0) {
      header.writeBytes(new byte[] {5, 0, 'a', 'b', 'c', 'd', 'e'});
    }
    if ((flags & 8) != 0) {
      header.writeBytes("donors.json\0".getBytes(StandardCharsets.ISO_8859_1));
    }
    if ((flags & 16) != 0) {
      header.writeBytes("exported\0".getBytes(StandardCharsets.ISO_8859_1));
    }
    if ((flags & 2) != 0) {
      CRC32 crc = new CRC32();
      crc.update(header.toByteArray());
      int value = (int) crc.getValue() ^ (goodHeaderCrc ? 0 : 1);
      header.writeBytes(new byte[] {(byte) value, (byte) (value >>> 8)});
    }
    Deflater deflater = new Deflater(6, true);
    deflater.setInput(plain);
    deflater.finish();
    byte[] body = new byte[plain.length + 64];
    int n = deflater.deflate(body);
    if (!deflater.finished()) {
      throw new IllegalStateException("the test's deflate buffer is too small");
    }
    deflater.end();
    header.write(body, 0, n);
    CRC32 crc = new CRC32();
    crc.update(plain);
    writeInt(header, crc.getValue());
    writeInt(header, plain.length);
    return header.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (value >>> (8 * i)));
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void decodesWhatTheJdkEncodes() throws IOException {
    assertThat(gunzip(gzip(TEXT), 8192)).isEqualTo(TEXT);
    assertThat(gunzip(gzip(new byte[0]), 8192)).isEmpty();
  }

  @Test
  void decodesEveryOptionalHeaderField() throws IOException {
    for (int flags : List.of(0, 2, 4, 8, 16, 2 | 4 | 8 | 16)) {
      byte[] member = member(TEXT, flags, true);
      assertThat(gunzip(member, 7)).as("flags %d", flags).isEqualTo(TEXT);
      // The JDK's reader agrees that this is gzip.
      assertThat(new GZIPInputStream(new ByteArrayInputStream(member)).readAllBytes())
          .isEqualTo(TEXT);
    }
  }

  @Test
  void membersFollowingEachOtherAreOneStream() throws IOException {
    byte[] a = "first,".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "second".getBytes(StandardCharsets.US_ASCII);

    assertThat(gunzip(concat(gzip(a), member(b, 8, true)), 1))
        .isEqualTo("first,second".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aWrongHeaderCrcIsCorrupt() {
    assertThatThrownBy(() -> gunzip(member(TEXT, 2 | 8, false), 8192))
        .isInstanceOf(ZipException.class)
        .hasMessageContaining("header");
  }

  @Test
  void aWrongTrailerIsCorrupt() throws IOException {
    byte[] crcWrong = gzip(TEXT);
    crcWrong[crcWrong.length - 8] ^= 1;
    byte[] lengthWrong = gzip(TEXT);
    lengthWrong[lengthWrong.length - 1] ^= 1;

    for (byte[] corrupt : List.of(crcWrong, lengthWrong)) {
      assertThatThrownBy(() -> gunzip(corrupt, 8192))
          .isInstanceOf(ZipException.class)
          .hasMessageContaining("trailer");
    }
  }

  @Test
  void headersThatAreNotGzipAreRefused() throws IOException {
    byte[] reservedFlag = gzip(TEXT);
    reservedFlag[3] = (byte) 0x20;
    byte[] otherMethod = gzip(TEXT);
    otherMethod[2] = 7;

    assertThatThrownBy(() -> gunzip(TEXT, 8192))
        .isInstanceOf(ZipException.class)
        .hasMessage("not in gzip format");
    assertThatThrownBy(() -> gunzip(reservedFlag, 8192)).isInstanceOf(ZipException.class);
    assertThatThrownBy(() -> gunzip(otherMethod, 8192)).isInstanceOf(ZipException.class);
    assertThatThrownBy(() -> gunzip(new byte[0], 8192)).isInstanceOf(EOFException.class);
  }

  @Test
  void bytesAfterAMemberMustStartAnother() throws IOException {
    byte[] trailing = concat(gzip(TEXT), "!".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> gunzip(trailing, 8192))
        .isInstanceOf(ZipException.class)
        .hasMessage("the data after a gzip member is not gzip");
  }

  @Test
  void deflateDataThatIsNotDeflateIsCorrupt() throws IOException {
    byte[] gz = gzip(TEXT);
    for (int i = 10; i < 20; i++) {
      gz[i] = (byte) 0xff;
    }

    assertThatThrownBy(() -> gunzip(gz, 8192)).isInstanceOf(ZipException.class);
  }

  /** Every prefix of a member, cut anywhere before its last byte, fails; none passes as whole. */
  @Test
  void everyTruncationFails() throws IOException {
    byte[] whole = member("short body".getBytes(StandardCharsets.US_ASCII), 2 | 4 | 8, true);
    for (int cut = 0; cut < whole.length; cut++) {
      byte[] prefix = Arrays.copyOf(whole, cut);
      assertThatThrownBy(() -> gunzip(prefix, 3))
          .as("cut at %d of %d", cut, whole.length)
          .isInstanceOfAny(ZipException.class, EOFException.class);
    }
  }

  @Property(tries = 200)
  void anySplitIntoMembersAndReadsDecodesToTheWhole(
      @ForAll @Size(max = 3000) byte[] plain,
      @ForAll @IntRange(min = 1, max = 4) int members,
      @ForAll @IntRange(min = 1, max = 300) int chunk,
      @ForAll @IntRange(min = 0, max = 31) int flagBits)
      throws IOException {
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    int step = plain.length / members + 1;
    for (int from = 0, i = 0; i < members; i++, from += step) {
      byte[] part =
          Arrays.copyOfRange(
              plain, Math.min(from, plain.length), Math.min(from + step, plain.length));
      gzip.writeBytes(member(part, flagBits & (2 | 4 | 8 | 16), true));
    }

    assertThat(gunzip(gzip.toByteArray(), chunk)).isEqualTo(plain);
  }

  /** An input that hands over at most {@code chunk} bytes per read, as a network does. */
  private static final class Trickle extends InputStream {
    private final byte[] data;
    private final int chunk;
    private int pos;

    Trickle(byte[] data, int chunk) {
      this.data = data;
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, chunk), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return 0; // nothing is ever "available now": the end is only where the data ends
    }
  }
}
