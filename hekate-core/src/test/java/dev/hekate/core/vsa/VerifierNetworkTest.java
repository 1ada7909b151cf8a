package dev.hekate.core.vsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hekate.core.registry.PackageSpec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link VerifierNetwork} with an in-memory transport: what each kind of unusable peer becomes,
 * where it is asked, and that no quorum is an ERROR. (Agreement of signed summaries is exercised
 * end to end by the command-line tests against {@code hekate serve} peers.)
 */
class VerifierNetworkTest {
  private static final LocalKeySigner KEY = LocalKeySigner.generate();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T21:00:00Z"), ZoneOffset.UTC);
  private static final String SHA = "ab".repeat(64);

  private static Peers.Peer peer(String name) {
    return new Peers.Peer(URI.create("https://" + name + ".hekate.test/"), URI.create("http://" + name + ".invalid/api/"),
        List.of(new VsaCheck.PinnedKey(KEY.keyId(), KEY.publicKey())));
  }

  @Test
  void unusableAnswersAreDissentWithTheirReasonAndNoQuorumIsError() throws Exception {
    Map<String, URI> asked = new ConcurrentHashMap<>();
    PeerTransport transport = (url, deadline) -> {
      asked.put(url.getHost(), url);
      return switch (url.getHost()) {
        case "down.invalid" -> new PeerTransport.Unreachable("HTTP 503");
        case "big.invalid" -> new PeerTransport.Body(new byte[VsaCheck.MAX_ENVELOPE_BYTES + 1]);
        case "junk.invalid" -> new PeerTransport.Body("not json".getBytes());
        default -> {
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          yield new PeerTransport.Unreachable("late");
        }
      };
    };
    VerifierNetwork network = new VerifierNetwork(List.of(peer("down"), peer("big"), peer("junk"), peer("slow")), 2,
        Duration.ofDays(1), List.of(), Duration.ofMillis(200), transport, CLOCK);

    NetworkAnswer answer = network.ask(PackageSpec.parse("@scope/pkg@1.0.0"), SHA);

    assertEquals(NetworkAnswer.Status.ERROR, answer.status());
    assertEquals(List.of(), answer.agreeing());
    assertEquals(Map.of("https://down.hekate.test/", "unreachable", "https://big.hekate.test/", "unreachable",
        "https://junk.hekate.test/", "malformed", "https://slow.hekate.test/", "unreachable"),
        answer.dissent().stream().collect(Collectors.toMap(d -> d.peer().toString(), NetworkAnswer.Dissent::reason)));
    assertEquals("HTTP 503", answer.dissent().get(0).message());
    assertEquals("no answer within 0 s", answer.dissent().get(3).message());
    assertEquals("0 PASSED, 0 FAILED of 4 peers (threshold 2)", answer.detail());
    // Relative to the peer's API base; the scope's slash encoded.
    assertEquals("http://down.invalid/api/v1/npm/@scope%2fpkg@1.0.0/vsa", asked.get("down.invalid").toString());
  }

  @Test
  void aThresholdOutsideThePeersIsRefused() {
    PeerTransport none = (url, deadline) -> new PeerTransport.Unreachable("unused");
    assertThrows(IllegalArgumentException.class, () -> new VerifierNetwork(List.of(peer("a")), 2, Duration.ofDays(1),
        List.of(), Duration.ofSeconds(1), none, CLOCK));
    assertThrows(IllegalArgumentException.class, () -> new VerifierNetwork(List.of(peer("a")), 0, Duration.ofDays(1),
        List.of(), Duration.ofSeconds(1), none, CLOCK));
    assertEquals(2, VerifierNetwork.majority(3));
    assertEquals(3, VerifierNetwork.majority(4));
  }
}
