package org.raktakosh.stability.servlet.internal;

/** A bad configuration value, with the full key that holds it, for start-up failures. */
public final class SettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final String value;

  SettingException(String key, String value, IllegalArgumentException cause) {
    super(Values.naming(key, cause).getMessage(), cause);
    this.key = key;
    this.value = value;
  }

  /** The full key, such as {@code stability.cors.max-age}. */
  public String key() {
    return key;
  }

  /** The value as configured. */
  public String value() {
    return value;
  }

  /** The message without the key in front. */
  public String reason() {
    IllegalArgumentException cause = (IllegalArgumentException) getCause();
    return cause.getMessage();
  }
}
