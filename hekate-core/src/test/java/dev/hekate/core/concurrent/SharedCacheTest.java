package dev.hekate.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedCacheTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  /** Starts {@code n} callers of {@code key} while the first load is held open, then lets it finish. */
  private List<Future<SharedCache.Got<String>>> concurrent(SharedCache<String, String> cache, int n,
      SharedCache.Loader<String, Exception> loader, CountDownLatch release) throws Exception {
    List<Future<SharedCache.Got<String>>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(threads.submit(() -> cache.fetch("k", loader)));
    }
    // Every caller is either the leader (blocked in the loader) or waiting for it.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.inFlight() == 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    Thread.sleep(100);
    release.countDown();
    return results;
  }

  @Test
  void concurrentCallersForOneKeyShareOneLoad() throws Exception {
    SharedCache<String, String> cache = SharedCache.coalescing();
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    var results = concurrent(cache, 20, () -> {
      loads.incrementAndGet();
      release.await();
      return "value";
    }, release);
    int loadedHere = 0;
    for (var result : results) {
      SharedCache.Got<String> got = result.get(10, TimeUnit.SECONDS);
      assertEquals("value", got.value());
      loadedHere += got.loadedHere() ? 1 : 0;
    }
    assertEquals(1, loads.get(), "one load for twenty callers");
    assertEquals(1, loadedHere, "exactly one caller says it loaded");
    // Coalescing keeps nothing: the next caller loads again.
    cache.get("k", () -> "again");
    assertEquals("again", cache.get("k", () -> "again"));
    assertEquals(0, cache.size());
  }

  @Test
  void aFailedLoadReachesEveryWaiterAndIsNotKept() throws Exception {
    SharedCache<String, String> cache = SharedCache.keeping(10, (k, v) -> Duration.ofHours(1));
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    var results = concurrent(cache, 8, () -> {
      loads.incrementAndGet();
      release.await();
      throw new IOException("registry down");
    }, release);
    for (var result : results) {
      var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof IOException, "the loader's own exception: " + e.getCause());
      assertEquals("registry down", e.getCause().getMessage());
    }
    assertEquals(1, loads.get());
    assertEquals(0, cache.size(), "a failure is never kept");
    assertEquals("fresh", cache.get("k", () -> "fresh"));
  }

  @Test
  void aValueIsKeptForTheLifetimeItsKeyAndValueGetAndNoLonger() throws Exception {
    AtomicLong now = new AtomicLong();
    SharedCache<String, String> cache = SharedCache.keeping(10,
        (key, value) -> value.equals("short") ? Duration.ofSeconds(5) : value.equals("never") ? Duration.ZERO
            : Duration.ofDays(1), now::get);
    AtomicInteger loads = new AtomicInteger();
    assertEquals("short", cache.get("a", () -> {
      loads.incrementAndGet();
      return "short";
    }));
    assertEquals("short", cache.get("a", () -> "reloaded"));
    assertEquals(1, loads.get());
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertEquals("reloaded", cache.get("a", () -> "reloaded"), "expired at its lifetime");

    cache.get("b", () -> "never");
    assertEquals(Optional.empty(), cache.peek("b"), "a zero lifetime keeps nothing");

    SharedCache.Got<String> got = cache.fetch("c", () -> "long");
    assertTrue(got.loadedHere());
    SharedCache.Got<String> again = cache.fetch("c", () -> "other");
    assertEquals("long", again.value());
    assertFalse(again.loadedHere(), "a kept value was not loaded by its caller");
  }

  @Test
  void theLeastRecentlyUsedGoesFirstBeyondTheBound() throws Exception {
    SharedCache<Integer, String> cache = SharedCache.keeping(3, (k, v) -> Duration.ofDays(1));
    for (int i = 0; i < 3; i++) {
      int n = i;
      cache.get(n, () -> "v" + n);
    }
    cache.get(0, () -> "unused"); // 0 is now the most recently used
    cache.get(3, () -> "v3");
    assertEquals(3, cache.size());
    assertEquals(Optional.empty(), cache.peek(1), "1 was the least recently used");
    assertEquals(Optional.of("v0"), cache.peek(0));
    assertEquals(Optional.of("v3"), cache.peek(3));
    for (int i = 4; i < 10_000; i++) {
      int n = i;
      cache.get(n, () -> "v" + n);
    }
    assertEquals(3, cache.size(), "bounded whatever the number of keys");
  }

  @Test
  void aWaiterIsNotHeldPastItsOwnDeadlineByAnotherCallersSlowLoad() throws Exception {
    SharedCache<String, String> cache = SharedCache.coalescing();
    CountDownLatch leaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> leader = threads.submit(() -> cache.get("k", () -> {
      leaderStarted.countDown();
      release.await();
      return "slow";
    }));
    assertTrue(leaderStarted.await(10, TimeUnit.SECONDS));
    long start = System.nanoTime();
    String mine = Deadline.in(Duration.ofMillis(200)).run(() -> cache.get("k", () -> "own, after its deadline"));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals("own, after its deadline", mine, "out of time, the waiter gives its own answer");
    assertTrue(tookMillis < 5_000, "waited " + tookMillis + " ms");
    release.countDown();
    assertEquals("slow", leader.get(10, TimeUnit.SECONDS));
  }

  @Test
  void whenTheLeaderRanOutOfTimeAWaiterWithTimeLeftLoadsItselfInsteadOfTakingTheLeadersFailure() throws Exception {
    SharedCache<String, String> cache = SharedCache.coalescing();
    CountDownLatch leaderStarted = new CountDownLatch(1);
    Deadline shortOne = Deadline.in(Duration.ofMillis(300));
    Future<String> leader = threads.submit(() -> shortOne.run(() -> cache.get("k", () -> {
      leaderStarted.countDown();
      while (!shortOne.passed()) {
        Thread.sleep(10);
      }
      throw new IOException("timed out; the request's deadline passed");
    })));
    assertTrue(leaderStarted.await(10, TimeUnit.SECONDS));
    AtomicInteger ownLoads = new AtomicInteger();
    String mine = Deadline.in(Duration.ofSeconds(20)).run(() -> cache.get("k", () -> {
      ownLoads.incrementAndGet();
      return "answered";
    }));
    assertEquals("answered", mine);
    assertEquals(1, ownLoads.get());
    var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> leader.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IOException);
  }

  @Test
  void aLeaderFailureWithinItsTimeIsEveryWaitersAnswer() throws Exception {
    // The opposite case: the leader had time and failed anyway (the registry said no); a waiter
    // with a deadline takes that answer instead of asking again.
    SharedCache<String, String> cache = SharedCache.coalescing();
    CountDownLatch leaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> leader = threads.submit(() -> Deadline.in(Duration.ofSeconds(20)).run(() -> cache.get("k", () -> {
      leaderStarted.countDown();
      release.await();
      throw new IOException("HTTP 500");
    })));
    assertTrue(leaderStarted.await(10, TimeUnit.SECONDS));
    AtomicInteger ownLoads = new AtomicInteger();
    Future<String> waiter = threads.submit(() -> Deadline.in(Duration.ofSeconds(20)).run(() -> cache.get("k", () -> {
      ownLoads.incrementAndGet();
      return "should not load";
    })));
    Thread.sleep(100);
    release.countDown();
    var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
    assertEquals("HTTP 500", e.getCause().getMessage());
    assertEquals(0, ownLoads.get());
    assertThrows(java.util.concurrent.ExecutionException.class, () -> leader.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aKeptValueIsTheSameObjectForEveryCaller() throws Exception {
    SharedCache<String, byte[]> cache = SharedCache.keeping(1, (k, v) -> Duration.ofMinutes(1));
    byte[] first = cache.get("k", () -> new byte[] {1});
    assertSame(first, cache.get("k", () -> new byte[] {2}));
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> SharedCache.keeping(-1, (k, v) -> Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Deadline.in(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> SharedCache.coalescing().get(null, () -> "x"));
  }
}
