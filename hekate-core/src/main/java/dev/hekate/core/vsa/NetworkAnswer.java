package dev.hekate.core.vsa;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What a network of verifiers answered about one version ({@link VerifierNetwork#ask}).
 *
 * @param status VERIFIED when at least {@code threshold} peers agree PASSED, FAILED when at least
 *     {@code threshold} agree FAILED, ERROR otherwise (not enough answers, or they disagree)
 * @param detail one line for a person: how many PASSED and FAILED of how many peers
 * @param agreeing the peers whose checked summary gives the answer asked for: PASSED, or FAILED
 *     when {@code threshold} peers agreed on FAILED
 * @param dissent every other peer, with why, in the order of the peers file
 */
public record NetworkAnswer(Status status, int threshold, String detail, List<URI> agreeing, List<Dissent> dissent) {

  /** The network's decision. */
  public enum Status {
    VERIFIED,
    FAILED,
    ERROR
  }

  /**
   * A peer that did not agree.
   *
   * @param reason a stable wire name: {@value #UNREACHABLE}, {@value #OTHER_RESULT} or a
   *     {@link VsaCheck.Reason#wireName()}
   * @param message what the peer's answer or the check said: untrusted text
   */
  public record Dissent(URI peer, String reason, String message) {
    /** The peer gave no usable HTTP answer (connection, timeout, status, size). */
    public static final String UNREACHABLE = "unreachable";
    /** The peer's summary checked out but says the other result. */
    public static final String OTHER_RESULT = "other_result";

    public Dissent {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  public NetworkAnswer {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    agreeing = List.copyOf(agreeing);
    dissent = List.copyOf(dissent);
  }

  /** An ERROR decided before any peer was asked (the version's sha512 could not be read). */
  public static NetworkAnswer error(int threshold, String detail) {
    return new NetworkAnswer(Status.ERROR, threshold, detail, List.of(), List.of());
  }
}
