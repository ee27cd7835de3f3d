package org.raktakosh.stability.internal.health;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code prefix + n}, so thread dumps say whose they are. */
final class NamedThreadFactory implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger counter = new AtomicInteger();

  NamedThreadFactory(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable runnable) {
    Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
