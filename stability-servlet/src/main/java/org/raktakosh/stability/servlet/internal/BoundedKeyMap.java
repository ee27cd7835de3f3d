package org.raktakosh.stability.servlet.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A get-or-create map with at most {@code maxKeys} entries that forgets keys idle longer than
 * {@code idleNanos}: the per-key state of a rate limiter, which must not grow with the number of
 * clients an attacker can pretend to be.
 *
 * <p>Why a synchronized access-ordered {@link LinkedHashMap} and not a concurrent cache: Caffeine
 * would be the better tool but is not a dependency of this module, and a concurrent map with a
 * separate LRU structure is easy to get subtly wrong. The critical section is a hash lookup and a
 * linked-list move, far shorter than the request it guards, so one lock is acceptable up to tens of
 * thousands of requests per second. Access order keeps the least recently used entry at the head,
 * which gives both policies cheaply:
 *
 * <ul>
 *   <li>size: {@code removeEldestEntry} drops the head when an insert exceeds {@code maxKeys};
 *   <li>idleness: entries are stamped on every access under the lock with a monotonic clock, so
 *       they are ordered by last access and expiry pops from the head until the first live entry
 *       (amortised O(1), no background thread).
 * </ul>
 *
 * <p>A key pushed out under pressure starts again with fresh state when it returns; size {@code
 * maxKeys} above the number of clients active within the idle time.
 *
 * <p>One shortcut skips the lock: the entry used last is kept in a volatile field, and a request
 * for the same key within {@link #RESTAMP_NANOS} of its stamp takes it from there. That entry is
 * the youngest already, so the order is unchanged; only its stamp lags by less than a second, which
 * can end its idle time that much early. It matters where one address sends most requests: a client
 * in a loop, or every request when the application sits behind a proxy whose forwarded headers it
 * does not trust.
 *
 * @param <V> the per-key state
 */
public final class BoundedKeyMap<V> {

  /** How stale the last entry's stamp may get before an access takes the lock to renew it. */
  static final long RESTAMP_NANOS = 1_000_000_000L;

  private final int maxKeys;
  private final long idleNanos;
  private final long restampNanos;
  private final LongSupplier nanoTime;
  private final Function<String, V> factory;

  /** Guarded by {@code this}; access-ordered, so the head is the least recently used entry. */
  private final LinkedHashMap<String, Stamped<V>> entries;

  /** The entry accessed last, under the lock; read without it. */
  private volatile Recent<V> recent;

  /**
   * Guarded by {@code this}: no entry can be idle for {@code idleNanos} before this time, so most
   * accesses skip the expiry walk.
   */
  private long noExpiryBefore;

  /**
   * A map creating values with {@code factory}.
   *
   * @throws IllegalArgumentException if {@code maxKeys} or {@code idleNanos} is not positive
   */
  public BoundedKeyMap(
      int maxKeys, long idleNanos, LongSupplier nanoTime, Function<String, V> factory) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1 but was " + maxKeys);
    }
    if (idleNanos < 1) {
      throw new IllegalArgumentException("idleNanos must be positive but was " + idleNanos);
    }
    this.maxKeys = maxKeys;
    this.idleNanos = idleNanos;
    this.restampNanos = Math.min(RESTAMP_NANOS, idleNanos);
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.noExpiryBefore = nanoTime.getAsLong(); // empty: whatever comes is at least this young
    // Do not pre-size for maxKeys: most deployments see far fewer clients.
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Stamped<V>> eldest) {
            return size() > BoundedKeyMap.this.maxKeys;
          }
        };
  }

  /**
   * The value for {@code key}, created if absent or expired; marks the key as used now (within
   * {@link #RESTAMP_NANOS}, see the class comment).
   */
  public V get(String key) {
    Recent<V> last = recent;
    if (last != null && last.key.equals(key)) {
      long now = nanoTime.getAsLong();
      if (now - last.entry.lastAccess < restampNanos) {
        return last.entry.value;
      }
    }
    return getLocked(key);
  }

  private synchronized V getLocked(String key) {
    long now = nanoTime.getAsLong();
    expireIdle(now);
    Stamped<V> entry = entries.get(key);
    if (entry == null) {
      entry = new Stamped<>(factory.apply(key));
      entries.put(key, entry);
    }
    entry.lastAccess = now;
    Recent<V> last = recent;
    if (last == null || last.entry != entry) {
      recent = new Recent<>(key, entry);
    }
    return entry.value;
  }

  /** The number of keys held now, after dropping the idle ones. */
  public synchronized int size() {
    expireIdle(nanoTime.getAsLong());
    return entries.size();
  }

  private void expireIdle(long now) {
    if (now - noExpiryBefore < 0) {
      return;
    }
    Iterator<Stamped<V>> oldestFirst = entries.values().iterator();
    while (oldestFirst.hasNext()) {
      Stamped<V> oldest = oldestFirst.next();
      long lastAccess = oldest.lastAccess;
      if (now - lastAccess < idleNanos) {
        // The head is the oldest, and entries only get younger or go: none expires before this.
        noExpiryBefore = lastAccess + idleNanos;
        return;
      }
      oldestFirst.remove();
      Recent<V> last = recent;
      if (last != null && last.entry == oldest) {
        recent = null;
      }
    }
    noExpiryBefore = now + idleNanos;
  }

  /** A key and its entry, published together. */
  private static final class Recent<V> {
    final String key;
    final Stamped<V> entry;

    Recent(String key, Stamped<V> entry) {
      this.key = key;
      this.entry = entry;
    }
  }

  private static final class Stamped<V> {
    final V value;

    /** Written under the map's lock; read without it by the shortcut in {@link #get}. */
    volatile long lastAccess;

    Stamped(V value) {
      this.value = value;
    }
  }
}
