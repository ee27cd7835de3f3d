package org.raktakosh.stability.servlet.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded pool of {@code Deflater}s or {@code Inflater}s. Each holds native zlib memory that the
 * garbage collector frees late (only via a cleaner), so: a released codec is reset and kept if
 * there is room, otherwise {@code end()}ed at once; {@link #close()} ends every idle one. Lock-free
 * on the hot path: the queue is the only shared state.
 */
public final class CodecPool<T> implements AutoCloseable {

  private final ArrayBlockingQueue<T> idle;
  private final Supplier<T> factory;
  private final Consumer<T> reset;
  private final Consumer<T> end;
  private final int capacity;

  /** Codecs handed out and not yet released; for tests and leak checks. */
  private final AtomicInteger inUse = new AtomicInteger();

  /** A pool keeping up to {@code capacity} idle codecs. */
  public CodecPool(int capacity, Supplier<T> factory, Consumer<T> reset, Consumer<T> end) {
    this.idle = new ArrayBlockingQueue<>(Math.max(1, capacity));
    this.factory = factory;
    this.reset = reset;
    this.end = end;
    this.capacity = capacity;
  }

  /** An idle codec, or a new one. */
  public T acquire() {
    T codec = idle.poll();
    inUse.incrementAndGet();
    return codec != null ? codec : factory.get();
  }

  /** Gives {@code codec} back: reset and kept, or ended when the pool is full. */
  public void release(T codec) {
    inUse.decrementAndGet();
    if (capacity > 0) {
      reset.accept(codec);
      if (idle.offer(codec)) {
        return;
      }
    }
    end.accept(codec);
  }

  /** Codecs handed out and not yet released. */
  public int inUse() {
    return inUse.get();
  }

  /** Idle codecs kept now. */
  public int idle() {
    return idle.size();
  }

  /** Ends every idle codec; codecs released later are ended too if the pool is full. */
  @Override
  public void close() {
    T codec;
    while ((codec = idle.poll()) != null) {
      end.accept(codec);
    }
  }
}
