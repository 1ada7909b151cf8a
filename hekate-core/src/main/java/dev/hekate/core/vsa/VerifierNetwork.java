package dev.hekate.core.vsa;

import dev.hekate.core.registry.PackageSpec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks every peer of a pinned peers file, at once, for its signed summary of a version
 * ({@code GET {url}/v1/npm/{spec}/vsa}), checks each with {@link VsaCheck} against the keys pinned
 * for that peer, its verifier id, and the tarball sha512 the caller read from the registry itself
 * (never from a peer), then decides ({@link NetworkAnswer}). Every peer that disagrees or could not
 * be used is named with a reason. Used by {@code hekate network verify} and by the sweep.
 *
 * <p>Thread-safe and immutable; no I/O of its own (the {@link PeerTransport} does it). Never
 * throws for what a peer does: a peer that is slow, down or answers garbage is a dissenter.
 */
public final class VerifierNetwork {
  private final List<Peers.Peer> peers;
  private final int threshold;
  private final Duration maxAge;
  private final List<String> levels;
  private final Duration deadline;
  private final PeerTransport transport;
  private final Clock clock;

  /**
   * @param threshold how many peers must agree, 1..peers
   * @param maxAge the oldest summary accepted
   * @param levels levels every PASSED summary must list
   * @param deadline how long to wait for the peers of one version
   * @throws IllegalArgumentException for no peers or a threshold out of range
   */
  public VerifierNetwork(List<Peers.Peer> peers, int threshold, Duration maxAge, List<String> levels,
      Duration deadline, PeerTransport transport, Clock clock) {
    this.peers = List.copyOf(peers);
    if (this.peers.isEmpty() || threshold < 1 || threshold > this.peers.size()) {
      throw new IllegalArgumentException("threshold " + threshold + " is not within 1.." + this.peers.size());
    }
    this.threshold = threshold;
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.levels = List.copyOf(levels);
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A majority of {@code peerCount}: the default threshold. */
  public static int majority(int peerCount) {
    return peerCount / 2 + 1;
  }

  public int threshold() {
    return threshold;
  }

  /**
   * Asks every peer about {@code spec} (an exact version) and decides.
   *
   * @param sha512Hex the tarball's sha512 as the registry gives it, read by the caller
   */
  public NetworkAnswer ask(PackageSpec spec, String sha512Hex) {
    String version = spec.version().orElseThrow(() -> new IllegalArgumentException(spec + " is not an exact version"));
    String purl = VerificationSummary.packageUrl(spec.name(), version);
    // One (virtual) thread per peer, all at once: the common pool has one thread on two cores, and
    // a slow peer must never delay the asking of another.
    ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hekate-peer-", 0).factory());
    List<CompletableFuture<Checked>> asked = new ArrayList<>();
    for (Peers.Peer peer : peers) {
      VsaCheck.Expectation expected = new VsaCheck.Expectation(peer.id(), purl, sha512Hex, clock.instant(), maxAge,
          levels);
      asked.add(CompletableFuture.supplyAsync(() -> askOne(peer, spec, expected), threads));
    }
    threads.shutdown();
    List<Checked> answers = new ArrayList<>();
    long end = System.nanoTime() + deadline.plusSeconds(1).toNanos();
    for (int i = 0; i < asked.size(); i++) {
      try {
        answers.add(asked.get(i).get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException | ExecutionException e) {
        asked.get(i).cancel(true);
        answers.add(new Checked(peers.get(i), null, Optional.of("no answer within " + deadline.toSeconds() + " s")));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answers.add(new Checked(peers.get(i), null, Optional.of("interrupted")));
      }
    }
    return decide(answers);
  }

  /** One peer's answer, checked; {@code outcome} is null when the peer could not be used at all. */
  private record Checked(Peers.Peer peer, VsaCheck.Outcome outcome, Optional<String> unreachable) {
    boolean passed() {
      return outcome != null && outcome.accepted().map(VsaCheck.Accepted::passed).orElse(false);
    }

    boolean failed() {
      return outcome != null && outcome.accepted().map(a -> !a.passed()).orElse(false);
    }
  }

  private Checked askOne(Peers.Peer peer, PackageSpec spec, VsaCheck.Expectation expected) {
    URI url = peer.url().resolve("v1/npm/" + spec.encodedName() + "@" + spec.version().orElseThrow() + "/vsa");
    PeerTransport.Reply reply = transport.get(url, deadline);
    return switch (reply) {
      case PeerTransport.Unreachable u -> new Checked(peer, null, Optional.of(u.why()));
      case PeerTransport.Body b -> {
        byte[] bytes = b.bytes();
        yield bytes.length > VsaCheck.MAX_ENVELOPE_BYTES
            ? new Checked(peer, null, Optional.of("answer over " + VsaCheck.MAX_ENVELOPE_BYTES + " bytes"))
            : new Checked(peer, VsaCheck.check(bytes, peer.keys(), expected), Optional.empty());
      }
    };
  }

  private NetworkAnswer decide(List<Checked> answers) {
    long passed = answers.stream().filter(Checked::passed).count();
    long failed = answers.stream().filter(Checked::failed).count();
    NetworkAnswer.Status status = passed >= threshold ? NetworkAnswer.Status.VERIFIED
        : failed >= threshold ? NetworkAnswer.Status.FAILED : NetworkAnswer.Status.ERROR;
    String detail = passed + " PASSED, " + failed + " FAILED of " + peers.size() + " peers (threshold " + threshold + ")";
    // The answer asked for is PASSED, unless K peers agreed FAILED: a peer that does not give it dissents.
    boolean target = status != NetworkAnswer.Status.FAILED;
    List<URI> agreeing = new ArrayList<>();
    List<NetworkAnswer.Dissent> dissent = new ArrayList<>();
    for (Checked a : answers) {
      if (a.unreachable().isPresent()) {
        dissent.add(new NetworkAnswer.Dissent(a.peer().id(), NetworkAnswer.Dissent.UNREACHABLE, a.unreachable().get()));
      } else if (a.outcome().reason().isPresent()) {
        dissent.add(new NetworkAnswer.Dissent(a.peer().id(), a.outcome().reason().get().wireName(),
            a.outcome().message()));
      } else if (a.passed() != target) {
        dissent.add(new NetworkAnswer.Dissent(a.peer().id(), NetworkAnswer.Dissent.OTHER_RESULT,
            a.passed() ? "PASSED" : "FAILED"));
      } else {
        agreeing.add(a.peer().id());
      }
    }
    return new NetworkAnswer(status, threshold, detail, agreeing, dissent);
  }
}
