package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.signature.Signatures;
import dev.hekate.core.text.UntrustedText;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a verification summary a peer (or a file) gives, trusting only what the caller pinned: the
 * DSSE signature by one of the pinned keys (a key the envelope names but nobody pinned is
 * {@link Reason#UNKNOWN_KEY}), then the statement — in-toto Statement v1, the VSA v1 predicate, the
 * expected verifier id, a subject with the expected name and digest (an npm version's package URL
 * with the tarball's sha512 the caller fetched itself, or an artifact with its sha256) and the
 * expected resource URI, {@code timeVerified} not older than allowed nor in the
 * future, a result of PASSED or FAILED, and the levels the caller requires. The first rule broken is
 * the reason; nothing after it is trusted.
 */
public final class VsaCheck {
  /** The largest envelope read: a summary is a few KB. */
  public static final int MAX_ENVELOPE_BYTES = 256 * 1024;
  /** A summary stamped later than now by more than this is refused (clocks differ a little). */
  static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

  private VsaCheck() {}

  /** Why a summary is not accepted. Stable wire names (lower case) for output and metrics. */
  public enum Reason {
    /** Not a DSSE envelope of an in-toto statement, or not JSON. */
    MALFORMED,
    /** Signed by no key the caller pinned for this peer. */
    UNKNOWN_KEY,
    /** The signature does not verify with the pinned key it names. */
    BAD_SIGNATURE,
    /** Not a Statement v1 of the VSA v1 predicate. */
    WRONG_PREDICATE,
    /** Another verifier id than the one pinned for this peer. */
    VERIFIER_MISMATCH,
    /** Another package, version or tarball digest than the one the caller fetched. */
    SUBJECT_MISMATCH,
    /** Verified longer ago than allowed, or in the future. */
    STALE,
    /** A level the caller requires is not among the verified levels. */
    LEVEL_MISSING;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A key pinned for a peer: its id (as DSSE signatures name it) and the key. */
  public record PinnedKey(String keyId, PublicKey key) {
    public PinnedKey {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * What a summary must say.
   *
   * @param subjectName a subject's name: for an npm version the package URL
   *     ({@link VerificationSummary#packageUrl}), for artifacts the name the caller gave
   * @param digestAlgorithm the digest that subject must carry, as in-toto names it ({@code sha512}
   *     for an npm tarball, {@code sha256} for artifacts)
   * @param digestHex that digest as the caller learned it, lower-case hex
   * @param resourceUri the {@code resourceUri} the summary must name
   * @param maxAge how long ago {@code timeVerified} may be
   * @param requiredLevels levels that must all be among {@code verifiedLevels} (for PASSED)
   */
  public record Expectation(URI verifierId, String subjectName, String digestAlgorithm, String digestHex,
      String resourceUri, Instant now, Duration maxAge, List<String> requiredLevels) {
    public Expectation {
      Objects.requireNonNull(verifierId, "verifierId");
      Objects.requireNonNull(subjectName, "subjectName");
      Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
      Objects.requireNonNull(digestHex, "digestHex");
      Objects.requireNonNull(resourceUri, "resourceUri");
      Objects.requireNonNull(now, "now");
      Objects.requireNonNull(maxAge, "maxAge");
      requiredLevels = List.copyOf(requiredLevels);
    }

    /** An npm version's summary: its package URL names the subject and the resource, with the tarball's sha512. */
    public Expectation(URI verifierId, String packageUrl, String sha512Hex, Instant now, Duration maxAge,
        List<String> requiredLevels) {
      this(verifierId, packageUrl, "sha512", sha512Hex, packageUrl, now, maxAge, requiredLevels);
    }
  }

  /** A summary accepted: what it says. */
  public record Accepted(boolean passed, String keyId, Instant timeVerified, List<String> levels,
      Optional<String> hekateStatus) {}

  /** The outcome: accepted, or refused with a reason and a message (already bounded and printable). */
  public record Outcome(Optional<Accepted> accepted, Optional<Reason> reason, String message) {
    static Outcome refused(Reason reason, String message) {
      return new Outcome(Optional.empty(), Optional.of(reason), UntrustedText.terminal(message));
    }

    static Outcome ok(Accepted accepted) {
      return new Outcome(Optional.of(accepted), Optional.empty(), accepted.passed() ? "PASSED" : "FAILED");
    }
  }

  /** Checks {@code envelopeBytes} (a DSSE envelope, or a bundle v0.3 holding one) against {@code keys} and {@code expected}. */
  public static Outcome check(byte[] envelopeBytes, List<PinnedKey> keys, Expectation expected) {
    JsonNode root;
    try {
      root = Json.parse(envelopeBytes, MAX_ENVELOPE_BYTES, "verification summary");
    } catch (JsonFormatException e) {
      return Outcome.refused(Reason.MALFORMED, e.getMessage());
    }
    JsonNode envelope = root.has("dsseEnvelope") ? root.path("dsseEnvelope") : root;
    Optional<byte[]> payload = Encoding.base64(envelope.path("payload").asText(""));
    String payloadType = envelope.path("payloadType").asText("");
    JsonNode signatures = envelope.path("signatures");
    if (payload.isEmpty() || !payloadType.equals(Dsse.IN_TOTO) || !signatures.isArray() || signatures.isEmpty()) {
      return Outcome.refused(Reason.MALFORMED, "not a DSSE envelope of an in-toto statement");
    }
    Optional<String> signedBy = Optional.empty();
    boolean namedPinned = false;
    byte[] pae = Signatures.pae(payloadType, payload.get());
    for (JsonNode signature : signatures) {
      String keyId = signature.path("keyid").asText("");
      Optional<byte[]> sig = Encoding.base64(signature.path("sig").asText(""));
      for (PinnedKey pinned : keys) {
        if (!pinned.keyId().equals(keyId)) {
          continue;
        }
        namedPinned = true;
        if (sig.isPresent() && Signatures.verify(pinned.key(), pae, sig.get())) {
          signedBy = Optional.of(keyId);
        }
      }
    }
    if (signedBy.isEmpty()) {
      return namedPinned
          ? Outcome.refused(Reason.BAD_SIGNATURE, "the signature does not verify with the pinned key it names")
          : Outcome.refused(Reason.UNKNOWN_KEY, "signed by no pinned key (key id "
              + cut(signatures.get(0).path("keyid").asText("none")) + ")");
    }
    JsonNode statement;
    try {
      statement = Json.parse(payload.get(), MAX_ENVELOPE_BYTES, "in-toto statement");
    } catch (JsonFormatException e) {
      return Outcome.refused(Reason.MALFORMED, "the signed payload is not JSON");
    }
    return statement(statement, signedBy.get(), expected);
  }

  private static Outcome statement(JsonNode statement, String keyId, Expectation expected) {
    if (!VerificationSummary.STATEMENT_TYPE.equals(statement.path("_type").asText())
        || !VerificationSummary.PREDICATE_TYPE.equals(statement.path("predicateType").asText())) {
      return Outcome.refused(Reason.WRONG_PREDICATE, "not an in-toto Statement v1 of " + VerificationSummary.PREDICATE_TYPE);
    }
    JsonNode predicate = statement.path("predicate");
    String verifierId = predicate.path("verifier").path("id").asText("");
    if (!verifierId.equals(expected.verifierId().toString())) {
      return Outcome.refused(Reason.VERIFIER_MISMATCH, "verifier id " + cut(verifierId) + ", pinned "
          + expected.verifierId());
    }
    JsonNode subjects = statement.path("subject");
    boolean named = false;
    for (JsonNode subject : subjects) {
      if (subject.path("name").asText("").equals(expected.subjectName())
          && subject.path("digest").path(expected.digestAlgorithm()).asText("").equals(expected.digestHex())) {
        named = true;
      }
    }
    if (!named || !predicate.path("resourceUri").asText("").equals(expected.resourceUri())) {
      return Outcome.refused(Reason.SUBJECT_MISMATCH, "the summary is not about " + expected.subjectName()
          + " with the " + expected.digestAlgorithm() + " expected, as " + expected.resourceUri());
    }
    Instant time;
    try {
      time = Instant.parse(predicate.path("timeVerified").asText(""));
    } catch (DateTimeParseException e) {
      return Outcome.refused(Reason.MALFORMED, "timeVerified is not an RFC 3339 time");
    }
    if (time.isAfter(expected.now().plus(FUTURE_SKEW))) {
      return Outcome.refused(Reason.STALE, "verified at " + time + ", in the future");
    }
    if (time.isBefore(expected.now().minus(expected.maxAge()))) {
      return Outcome.refused(Reason.STALE, "verified at " + time + ", longer ago than " + expected.maxAge());
    }
    String result = predicate.path("verificationResult").asText("");
    if (!result.equals("PASSED") && !result.equals("FAILED")) {
      return Outcome.refused(Reason.MALFORMED, "verificationResult is neither PASSED nor FAILED");
    }
    List<String> levels = new ArrayList<>();
    predicate.path("verifiedLevels").forEach(l -> levels.add(l.asText("")));
    boolean passed = result.equals("PASSED");
    if (passed && !levels.containsAll(expected.requiredLevels())) {
      return Outcome.refused(Reason.LEVEL_MISSING, "verified levels " + cut(levels.toString()) + " lack "
          + expected.requiredLevels());
    }
    Optional<String> status = Optional.of(predicate.path(VerificationSummary.COMPANION).path("status").asText(""))
        .filter(s -> Map.of("VERIFIED", 1, "FAILED", 1, "MISSING", 1).containsKey(s));
    return Outcome.ok(new Accepted(passed, keyId, time, List.copyOf(levels), status));
  }

  private static String cut(String value) {
    return value.length() <= 100 ? value : value.substring(0, 99) + "…";
  }

}
