package dev.hekate.core.slsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.concurrent.Deadline;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.rekor.EntryUuid;
import dev.hekate.core.rekor.LogSearch;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.core.verify.BundleVerifier;
import dev.hekate.testdata.BundleVersion;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.TlogKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lookup of a raw DSSE envelope's entry, through a {@link LogSearch} held in memory: which
 * entries count as this envelope's, and what each way of not finding one comes to. (Over HTTP,
 * with the command line: hekate-cli's {@code VerifyArtifactCommandRekorTest}.)
 */
class RekorLookupTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "artifact".getBytes(StandardCharsets.UTF_8);
  private static final String SAN = BuilderTrust.GENERIC + "@refs/tags/v1.9.0";
  private static final String PREDICATE = "{\"builder\":{\"id\":\"" + SAN + "\"}}";

  private static FakeBundle logged(TlogKind kind) {
    return SIGSTORE.bundle().identity(SAN, BuilderTrust.ISSUER)
        .inTotoStatementFor("artifact", ARTIFACT, Provenance.V02, PREDICATE)
        .version(BundleVersion.V0_2).tlogKind(kind).build();
  }

  /** A log holding entries by id, indexed by {@code sha256:<hex>}; records what it was asked. */
  private static class MemoryLog implements LogSearch {
    final Map<String, List<EntryUuid>> index = new HashMap<>();
    final Map<String, TlogEntry> entries = new HashMap<>();
    final List<String> asked = new ArrayList<>();
    Optional<String> failing = Optional.empty();

    EntryUuid add(FakeBundle bundle, String... keys) throws Exception {
      TlogEntry entry = BundleParser.parse(bundle.json()).tlogEntries().get(0);
      EntryUuid uuid = new EntryUuid(Encoding.toHex(Keys.sha256(new byte[] {0}, entry.canonicalizedBody())));
      entries.put(uuid.hex(), entry);
      for (String key : keys) {
        index.computeIfAbsent(key, k -> new ArrayList<>()).add(uuid);
      }
      return uuid;
    }

    @Override
    public String describe() {
      return "memory";
    }

    @Override
    public Search search(Digest digest) {
      asked.add("search " + digest.algorithm() + ":" + digest.hex());
      List<EntryUuid> found = index.getOrDefault(digest.algorithm() + ":" + digest.hex(), List.of());
      return new Search.Found(found, found.size());
    }

    @Override
    public Fetch entry(EntryUuid uuid) {
      asked.add("entry " + uuid);
      if (failing.isPresent() && failing.get().equals(uuid.hex())) {
        return new Fetch.Failed("HTTP 503");
      }
      TlogEntry entry = entries.get(uuid.hex());
      return entry == null ? new Fetch.Failed("not found") : new Fetch.Found(entry);
    }
  }

  private static String key(byte[] bytes) {
    return "sha256:" + Encoding.toHex(Keys.sha256(bytes));
  }

  private static RekorLookup.Result find(byte[] envelopeFile, FakeBundle bundle, LogSearch log) throws Exception {
    RawDsseEnvelope raw = RawDsseEnvelope.parse(envelopeFile);
    return RekorLookup.find(raw, new Digest("sha256", Keys.sha256(ARTIFACT)), log,
        new BundleVerifier(TrustedRootParser.parse(bundle.trustedRootJson())), ArtifactVerifier.ANY_GITHUB_WORKFLOW);
  }

  @Test
  void anIntoto001EntryOfThisEnvelopeVerifies() throws Exception {
    FakeBundle bundle = logged(TlogKind.INTOTO_001);
    byte[] envelope = bundle.rawDsseEnvelope().orElseThrow();
    MemoryLog log = new MemoryLog();
    EntryUuid uuid = log.add(bundle, key(envelope));
    RekorLookup.Result result = find(envelope, bundle, log);
    assertTrue(result instanceof RekorLookup.Result.Verified, result.toString());
    assertEquals(uuid, ((RekorLookup.Result.Verified) result).uuid());
    assertEquals(List.of("search " + key(envelope), "entry " + uuid), log.asked);
  }

  @Test
  void dsseAndIntoto002EntriesAreFoundByTheArtifact() throws Exception {
    for (TlogKind kind : List.of(TlogKind.DSSE_001, TlogKind.INTOTO_002)) {
      FakeBundle bundle = logged(kind);
      MemoryLog log = new MemoryLog();
      log.add(bundle, key(ARTIFACT));
      RekorLookup.Result result = find(bundle.rawDsseEnvelope().orElseThrow(), bundle, log);
      assertTrue(result instanceof RekorLookup.Result.Verified, kind + ": " + result);
      assertEquals(3, log.asked.size(), log.asked::toString);
    }
  }

  @Test
  void theSameEnvelopeReformattedIsNotTheOneLogged() throws Exception {
    // intoto 0.0.1 records the envelope by the hash of its bytes: a re-indented copy, same payload,
    // signature and certificate, is not what was logged.
    FakeBundle bundle = logged(TlogKind.INTOTO_001);
    byte[] envelope = bundle.rawDsseEnvelope().orElseThrow();
    byte[] reformatted = new String(envelope, StandardCharsets.UTF_8).replace("\",\"", "\", \"")
        .getBytes(StandardCharsets.UTF_8);
    MemoryLog log = new MemoryLog();
    log.add(bundle, key(envelope), key(ARTIFACT));
    RekorLookup.Result result = find(reformatted, bundle, log);
    assertTrue(result instanceof RekorLookup.Result.NotFound, result.toString());
    // Whitespace around the envelope is not part of it.
    assertTrue(find(("\n " + new String(envelope, StandardCharsets.UTF_8) + "\r\n").getBytes(StandardCharsets.UTF_8),
        bundle, log) instanceof RekorLookup.Result.Verified);
  }

  @Test
  void anIntoto001EntryInABundleCannotBeMatched() throws Exception {
    FakeBundle bundle = logged(TlogKind.INTOTO_001);
    var result = new BundleVerifier(TrustedRootParser.parse(bundle.trustedRootJson()))
        .verify(bundle.json(), dev.hekate.core.bundle.Artifact.ofBytes(ARTIFACT), ArtifactVerifier.ANY_GITHUB_WORKFLOW);
    assertEquals(CheckId.TLOG_ENTRY_BODY, result.firstFailure().orElseThrow().id());
  }

  @Test
  void aFetchThatFailsEndsTheLookupUnavailable() throws Exception {
    FakeBundle bundle = logged(TlogKind.INTOTO_001);
    FakeBundle other = SIGSTORE.bundle().identity(SAN, BuilderTrust.ISSUER).signingTime(SIGSTORE.now().plusSeconds(9))
        .inTotoStatementFor("artifact", ARTIFACT, Provenance.V02, PREDICATE)
        .version(BundleVersion.V0_2).tlogKind(TlogKind.INTOTO_001).build();
    MemoryLog log = new MemoryLog();
    log.add(other, key(ARTIFACT));
    EntryUuid mine = log.add(bundle, key(ARTIFACT));
    log.failing = Optional.of(mine.hex());
    RekorLookup.Result result = find(bundle.rawDsseEnvelope().orElseThrow(), bundle, log);
    assertTrue(result instanceof RekorLookup.Result.Unavailable, result.toString());
  }

  @Test
  void throughTheVerifierEachWayOfNotFindingIsItsOwnOutcome() throws Exception {
    FakeBundle bundle = logged(TlogKind.INTOTO_001);
    byte[] envelope = bundle.rawDsseEnvelope().orElseThrow();
    var root = TrustedRootParser.parse(bundle.trustedRootJson());
    ArtifactExpectations expected = new ArtifactExpectations(List.of(new Digest("sha256", Keys.sha256(ARTIFACT))),
        "github.com/o/r", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    MemoryLog empty = new MemoryLog();
    assertEquals(Outcome.MISSING, first(ArtifactVerifier.withLogLookup(root, empty).verify(envelope, expected)).outcome());

    MemoryLog broken = new MemoryLog();
    broken.index.put(key(envelope), List.of(new EntryUuid("ab".repeat(32))));
    CheckResult error = first(ArtifactVerifier.withLogLookup(root, broken).verify(envelope, expected));
    assertEquals(CheckId.SLSA_PROVENANCE, error.id());
    assertEquals(Outcome.ERROR, error.outcome());

    MemoryLog untouched = new MemoryLog();
    byte[] withoutCertificate = new String(envelope, StandardCharsets.UTF_8).replace("\"cert\"", "\"certificate\"")
        .getBytes(StandardCharsets.UTF_8);
    CheckResult invalid = first(ArtifactVerifier.withLogLookup(root, untouched).verify(withoutCertificate, expected));
    assertEquals(CheckId.SLSA_PROVENANCE, invalid.id());
    assertEquals(Outcome.FAILED, invalid.outcome());
    assertEquals(List.of(), untouched.asked);

    // Offline, as before: MISSING without parsing or asking anything.
    assertEquals(Outcome.MISSING, first(new ArtifactVerifier(root).verify(withoutCertificate, expected)).outcome());
  }

  private static CheckResult first(ArtifactVerification result) {
    assertTrue(!result.isVerified());
    return result.firstProblem().orElseThrow();
  }

  /**
   * A lookup runs under a deadline ({@link RekorLookup#BUDGET}, which the HTTP client cuts every
   * request and retry to), and once it has passed asks nothing more: "could not look", never MISSING.
   */
  @Test
  void theLookupRunsUnderADeadlineAndStopsAskingOnceItPassed() throws Exception {
    FakeBundle bundle = logged(TlogKind.INTOTO_001);
    List<Optional<Deadline>> seen = new ArrayList<>();
    MemoryLog log = new MemoryLog() {
      @Override
      public Search search(Digest digest) {
        seen.add(Deadline.current());
        return super.search(digest);
      }
    };
    find(bundle.rawDsseEnvelope().orElseThrow(), bundle, log);
    assertEquals(RekorLookup.BUDGET, seen.get(0).orElseThrow().budget());

    MemoryLog late = new MemoryLog();
    late.add(bundle, key(bundle.rawDsseEnvelope().orElseThrow()));
    Deadline passed = Deadline.in(Duration.ofNanos(1));
    Thread.sleep(2);
    RekorLookup.Result result = passed.run(() -> find(bundle.rawDsseEnvelope().orElseThrow(), bundle, late));
    assertTrue(result instanceof RekorLookup.Result.Unavailable unavailable
        && unavailable.reason().contains("ran out of its time"), String.valueOf(result));
    assertEquals(List.of(), late.asked, "nothing asked after the deadline");
  }
}
