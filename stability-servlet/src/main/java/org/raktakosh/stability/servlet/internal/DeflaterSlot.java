package org.raktakosh.stability.servlet.internal;

import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * What one compressed response uses, pooled as one piece: the deflater (native memory) and the
 * buffers and checksum around it, so a compressed response allocates nothing per request on the hot
 * path. Only a response that compresses takes one: resetting zlib clears its 64 KiB hash table,
 * which costs more than a small plain response's whole trip through the filter.
 */
public final class DeflaterSlot {

  /** Input gathered before a deflate call: JNI calls for tiny writes would dominate the cost. */
  static final int INPUT_BUFFER = 8 * 1024;

  /** Deflate output chunk; one write to the container per chunk. */
  static final int OUTPUT_BUFFER = 8 * 1024;

  final Deflater deflater;
  final CRC32 crc = new CRC32();
  final byte[] input = new byte[INPUT_BUFFER];
  final byte[] output = new byte[OUTPUT_BUFFER];

  DeflaterSlot(int level) {
    // nowrap: the gzip header and trailer are written by GzipResponse, not zlib's own wrapper.
    this.deflater = new Deflater(level, true);
  }

  void reset() {
    deflater.reset();
    crc.reset();
  }

  void end() {
    deflater.end();
  }
}
