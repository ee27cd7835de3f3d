package org.raktakosh.stability.servlet.internal;

import java.util.Enumeration;

/**
 * Reads {@code Accept-Encoding} (RFC 9110 section 12.5.3) for one question: should this response be
 * sent with gzip? Codings and parameters are case-insensitive and whitespace around them is
 * ignored; {@code x-gzip} counts as {@code gzip}; {@code *} covers every coding not listed; a
 * coding with {@code q=0} is not acceptable; a malformed q-value makes its entry count as {@code
 * q=0}, the safe reading.
 */
public final class AcceptEncoding {

  private AcceptEncoding() {}

  /**
   * Whether gzip is acceptable and not less preferred than {@code identity}: gzip's q-value (its
   * own or that of {@code *}) is above zero and, when {@code identity} is listed with a q-value of
   * its own, at least that.
   */
  public static boolean prefersGzip(Enumeration<String> headers) {
    if (headers == null) {
      return false;
    }
    int gzip = -1;
    int star = -1;
    int identity = -1;
    while (headers.hasMoreElements()) {
      String header = headers.nextElement();
      if (header == null) {
        continue;
      }
      // Scanned in place: every request with a body to compress passes here.
      int length = header.length();
      int start = 0;
      while (start < length) {
        int comma = header.indexOf(',', start);
        int end = comma < 0 ? length : comma;
        int semicolon = header.indexOf(';', start);
        int codingEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
        int from = HeaderTokens.trimStart(header, start, codingEnd);
        int to = HeaderTokens.trimEnd(header, from, codingEnd);
        start = end + 1;
        if (to == from) {
          continue;
        }
        int q = codingEnd == end ? 1000 : qValue(header.substring(codingEnd + 1, end));
        if (HeaderTokens.is(header, from, to, "gzip")
            || HeaderTokens.is(header, from, to, "x-gzip")) {
          gzip = Math.max(gzip, q);
        } else if (HeaderTokens.is(header, from, to, "*")) {
          star = Math.max(star, q);
        } else if (HeaderTokens.is(header, from, to, "identity")) {
          identity = Math.max(identity, q);
        }
      }
    }
    int gzipQ = gzip >= 0 ? gzip : star;
    return gzipQ > 0 && gzipQ >= identity;
  }

  /**
   * The q-value among {@code params} in thousandths (0 to 1000); 1000 when absent, 0 when
   * malformed.
   */
  static int qValue(String params) {
    for (String param : params.split(";")) {
      int equals = param.indexOf('=');
      if (equals < 0) {
        continue;
      }
      if (!param.substring(0, equals).trim().equalsIgnoreCase("q")) {
        continue;
      }
      return parseQ(param.substring(equals + 1).trim());
    }
    return 1000;
  }

  /** {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )} in thousandths. */
  private static int parseQ(String value) {
    if (value.isEmpty() || value.length() > 5) {
      return 0;
    }
    char first = value.charAt(0);
    if (first != '0' && first != '1') {
      return 0;
    }
    if (value.length() > 1 && value.charAt(1) != '.') {
      return 0;
    }
    int thousandths = 0;
    int scale = 100;
    for (int i = 2; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      thousandths += (c - '0') * scale;
      scale /= 10;
    }
    if (first == '1') {
      return thousandths == 0 ? 1000 : 0;
    }
    return thousandths;
  }
}
