package dev.hekate.core.statement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-toto statement (v0.1 or v1) read from a DSSE payload.
 *
 * @param predicate the predicate as a JSON tree (SLSA provenance, npm publish, ...)
 */
public record InTotoStatement(String type, List<Subject> subjects, String predicateType, JsonNode predicate) {

  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  public static final String STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
  public static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";

  public InTotoStatement {
    Objects.requireNonNull(type, "type");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(predicateType, "predicateType");
    Objects.requireNonNull(predicate, "predicate");
  }

  /** A statement subject: a name and its digests. */
  public record Subject(String name, List<Digest> digests) {
    public Subject {
      Objects.requireNonNull(name, "name");
      digests = List.copyOf(digests);
    }
  }

  /**
   * Parses a DSSE payload as an in-toto statement.
   *
   * @throws VerificationException {@link CheckId#STATEMENT_FORMAT} when the payload type is not
   *     in-toto or the statement is malformed
   */
  public static InTotoStatement parse(String payloadType, byte[] payload) throws VerificationException {
    if (!PAYLOAD_TYPE.equals(payloadType)) {
      throw VerificationException.mismatch(CheckId.STATEMENT_FORMAT,
          "the DSSE payload is not an in-toto statement", PAYLOAD_TYPE, payloadType);
    }
    try {
      JsonNode root = Json.parse(payload, Limits.MAX_DSSE_PAYLOAD_BYTES, "in-toto statement");
      String type = Json.string(root, "_type", "statement");
      if (!type.equals(STATEMENT_V01) && !type.equals(STATEMENT_V1)) {
        throw VerificationException.invalid(CheckId.STATEMENT_FORMAT, "unsupported in-toto statement type " + type);
      }
      JsonNode subjectsNode = Json.array(root, "subject", "statement");
      if (subjectsNode.isEmpty() || subjectsNode.size() > Limits.MAX_STATEMENT_SUBJECTS) {
        throw VerificationException.invalid(CheckId.STATEMENT_FORMAT,
            "the statement must have 1 to " + Limits.MAX_STATEMENT_SUBJECTS + " subjects");
      }
      List<Subject> subjects = new ArrayList<>();
      for (JsonNode subject : subjectsNode) {
        String name = Json.optionalString(subject, "name", "statement.subject").orElse("");
        JsonNode digestNode = Json.object(subject, "digest", "statement.subject");
        List<Digest> digests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = digestNode.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          if (!field.getValue().isTextual()) {
            throw new JsonFormatException("statement.subject.digest values must be strings");
          }
          // Unknown algorithms may carry non-hex values (gitCommit is hex, but others need not be).
          Encoding.hex(field.getValue().asText())
              .ifPresent(value -> digests.add(new Digest(field.getKey(), value)));
        }
        subjects.add(new Subject(name, digests));
      }
      String predicateType = Json.string(root, "predicateType", "statement");
      JsonNode predicate = root.path("predicate");
      return new InTotoStatement(type, subjects, predicateType, predicate);
    } catch (JsonFormatException e) {
      throw VerificationException.invalid(CheckId.STATEMENT_FORMAT, e.getMessage());
    }
  }

  /**
   * One DSSE payload's parse — the statement, or why it is not one — kept with the bytes it was
   * made from. npm's attestations are read once to select them and again to verify them; this lets
   * the second reading reuse the first, and only ever for the very same payload type and bytes.
   */
  public static final class Parse {
    private final String payloadType;
    private final byte[] payload;
    private final InTotoStatement statement;
    private final VerificationException error;

    private Parse(String payloadType, byte[] payload) {
      this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
      this.payload = payload.clone();
      InTotoStatement parsed = null;
      VerificationException failure = null;
      try {
        parsed = InTotoStatement.parse(payloadType, this.payload);
      } catch (VerificationException e) {
        failure = e;
      }
      this.statement = parsed;
      this.error = failure;
    }

    /** Parses {@code payload} now, as {@link InTotoStatement#parse} does. */
    public static Parse of(String payloadType, byte[] payload) {
      return new Parse(payloadType, payload);
    }

    /** This parse if it was made from exactly {@code payloadType} and {@code payload}, else a new one. */
    public Parse reuseFor(String payloadType, byte[] payload) {
      return this.payloadType.equals(payloadType) && java.util.Arrays.equals(this.payload, payload)
          ? this
          : of(payloadType, payload);
    }

    /**
     * The statement.
     *
     * @throws VerificationException what {@link InTotoStatement#parse} threw for this payload
     */
    public InTotoStatement statement() throws VerificationException {
      if (error != null) {
        throw error;
      }
      return statement;
    }

    /** The statement, or empty if the payload is not one. */
    public java.util.Optional<InTotoStatement> valid() {
      return java.util.Optional.ofNullable(statement);
    }
  }

  /** Whether some subject carries {@code digest}. */
  public boolean hasSubjectDigest(Digest digest) {
    return subjects.stream().flatMap(s -> s.digests().stream()).anyMatch(digest::sameAs);
  }
}
