package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The key map on a clock the test moves, with the shortcut for the last key in play. */
class BoundedKeyMapTest {

  private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));
  private final AtomicInteger created = new AtomicInteger();

  private BoundedKeyMap<String> map(int maxKeys, Duration idle) {
    return new BoundedKeyMap<>(
        maxKeys, idle.toNanos(), nanos::get, key -> key + "#" + created.incrementAndGet());
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void aKeyAskedForAgainGetsItsValueWithoutANewOne() {
    BoundedKeyMap<String> map = map(10, Duration.ofMinutes(10));

    String first = map.get("a");
    for (int i = 0; i < 5; i++) {
      advance(Duration.ofMillis(300)); // within and past the restamp time
      assertThat(map.get("a")).isSameAs(first);
    }

    assertThat(created).hasValue(1);
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void theLeastRecentlyUsedKeyGoesWhenFullEvenWhenTheLastKeyTookTheShortcut() {
    BoundedKeyMap<String> map = map(2, Duration.ofMinutes(10));
    String a = map.get("a");
    String b = map.get("b");
    assertThat(map.get("b")).isSameAs(b); // the shortcut: b is the youngest already

    map.get("c"); // full: a, the oldest, goes

    assertThat(map.get("b")).isSameAs(b);
    assertThat(map.get("a")).isNotEqualTo(a); // a new value: it was forgotten
    assertThat(map.size()).isEqualTo(2);
  }

  @Test
  void aKeyUsedAgainMovesAheadOfTheOthers() {
    BoundedKeyMap<String> map = map(2, Duration.ofMinutes(10));
    String a = map.get("a");
    String b = map.get("b");
    assertThat(map.get("a")).isSameAs(a); // not the last key: through the lock, a becomes youngest

    map.get("c"); // b is now the oldest

    assertThat(map.get("a")).isSameAs(a);
    assertThat(map.get("b")).isNotEqualTo(b);
  }

  @Test
  void idleKeysGoAndTheLastKeyComesBackWithAFreshValue() {
    BoundedKeyMap<String> map = map(10, Duration.ofMinutes(10));
    String a = map.get("a");
    map.get("b");

    advance(Duration.ofMinutes(10));

    assertThat(map.size()).isZero();
    assertThat(map.get("b")).isNotEqualTo("b#2"); // the last key too: its shortcut was dropped
    assertThat(map.get("a")).isNotEqualTo(a);
    assertThat(created).hasValue(4);
  }

  @Test
  void anAccessPastTheRestampTimeRenewsTheIdleTime() {
    BoundedKeyMap<String> map = map(10, Duration.ofMinutes(10));
    String a = map.get("a");

    advance(Duration.ofSeconds(2)); // more than the restamp time: stamped again
    assertThat(map.get("a")).isSameAs(a);
    advance(Duration.ofMinutes(10).minusSeconds(1));

    assertThat(map.size()).isEqualTo(1);
    assertThat(map.get("a")).isSameAs(a);
  }

  @Test
  void aStampLagsByLessThanTheRestampTime() {
    BoundedKeyMap<String> map = map(10, Duration.ofMinutes(10));
    map.get("a");

    advance(Duration.ofMillis(500));
    map.get("a"); // the shortcut: the stamp stays where it was
    advance(Duration.ofMinutes(10).minusMillis(500));

    assertThat(map.size()).isZero(); // 500 ms early, as documented
  }

  @Test
  void anIdleTimeShorterThanTheRestampTimeIsStillKept() {
    BoundedKeyMap<String> map = map(10, Duration.ofMillis(100));
    String a = map.get("a");

    advance(Duration.ofMillis(100));

    assertThat(map.get("a")).isNotEqualTo(a);
  }

  @Test
  void concurrentUseNeverExceedsMaxKeysAndKeepsTheHotKey() throws Exception {
    BoundedKeyMap<String> map = map(8, Duration.ofMinutes(10));
    String hot = map.get("hot");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    // Every other access is the hot key, so it never becomes the oldest of 8.
                    String key = i % 2 == 0 ? "hot" : "k" + thread + "-" + (i % 3);
                    String value = map.get(key);
                    if (key.equals("hot") && !value.equals(hot)) {
                      throw new AssertionError("the hot key lost its value: " + value);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(map.size()).isLessThanOrEqualTo(8);
    assertThat(map.get("hot")).isSameAs(hot);
  }
}
