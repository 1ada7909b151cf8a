package dev.hekate.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.RegistrySignature;
import dev.hekate.core.store.RegistryAnswer.Difference;
import dev.hekate.core.store.RegistryAnswer.Part;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryAnswerTest {
  private static final Instant PUBLISHED = Instant.parse("2026-11-30T12:00:00Z");
  private static final RegistrySignature A = new RegistrySignature("SHA256:a", "MEUCIQ-a");
  private static final RegistrySignature B = new RegistrySignature("SHA256:b", "MEUCIQ-b");

  private static Dist dist(String integrity, List<RegistrySignature> signatures) {
    return new Dist(Optional.ofNullable(integrity), "0".repeat(40), "https://registry.example/x/-/x-1.0.0.tgz",
        Optional.empty(), Optional.empty(), signatures);
  }

  private static Optional<byte[]> bytes(String s) {
    return Optional.of(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theAttestationsAreHashedAsServedAndTheSignaturesInAnyOrderAlike() {
    RegistryAnswer one = RegistryAnswer.of(dist("sha512-x", List.of(A, B)), Optional.of(PUBLISHED), bytes("{}"));
    RegistryAnswer other = RegistryAnswer.of(dist("sha512-x", List.of(B, A)), Optional.of(PUBLISHED), bytes("{}"));
    assertEquals(Optional.of("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"),
        one.attestationsSha256(), "SHA-256 of the two bytes {}");
    assertEquals(one, other);
    assertEquals(List.of(), one.differencesTo(other));
    RegistryAnswer reformatted = RegistryAnswer.of(dist("sha512-x", List.of(A, B)), Optional.of(PUBLISHED), bytes("{ }"));
    assertNotEquals(one.attestationsSha256(), reformatted.attestationsSha256(), "bytes as served, not parsed");
  }

  @Test
  void everyPartThatDiffersIsNamedWithBothValues() {
    RegistryAnswer before = RegistryAnswer.of(dist("sha512-x", List.of(A)), Optional.of(PUBLISHED), bytes("{}"));
    RegistryAnswer after = RegistryAnswer.of(dist(null, List.of()), Optional.empty(), Optional.empty());
    List<Difference> differences = before.differencesTo(after);
    assertEquals(List.of(Part.ATTESTATIONS, Part.INTEGRITY, Part.PUBLISH_TIME, Part.SIGNATURES),
        differences.stream().map(Difference::part).toList());
    assertEquals(new Difference(Part.INTEGRITY, "sha512-x", "none"), differences.get(1));
    assertEquals(new Difference(Part.PUBLISH_TIME, PUBLISHED.toString(), "none"), differences.get(2));
    assertEquals("none", differences.get(0).after());
    assertEquals("none", differences.get(3).after());
    assertEquals(List.of("attestations", "integrity", "publish_time", "signatures"),
        differences.stream().map(d -> d.part().wireName()).toList());
  }
}
