package dev.hekate.lambda.http;

/**
 * Every error the API answers with, as a stable code (the {@code error} field of the JSON body).
 * Codes are part of the public contract (docs/api.md): added, never renamed. Each error's HTTP
 * status is {@link ApiStatus#of(ApiError)}'s.
 */
public enum ApiError {
  /** The path is not a well-formed request for this API: bad percent-encoding, control characters, dot segments. */
  INVALID_PATH("invalid_path"),
  /** The package name or version breaks npm's rules. Nothing was fetched. */
  INVALID_PACKAGE("invalid_package"),
  /** No route has this path. */
  NOT_FOUND("not_found"),
  /** The registry has no such package, or no such version of it. */
  PACKAGE_NOT_FOUND("package_not_found"),
  /** A method the route does not take: GET everywhere but {@code /v1/slsa/verify} and {@code /v1/in-toto/verify}, which take POST. */
  METHOD_NOT_ALLOWED("method_not_allowed"),
  /** The path and query together are longer than {@link dev.hekate.core.json.Limits#MAX_API_URL_LENGTH}. */
  URI_TOO_LONG("uri_too_long"),
  /** A history was asked of a deployment that keeps none (no verdict store is configured). */
  HISTORY_UNAVAILABLE("history_unavailable"),
  /** The deployment's store holds no version of this package: it was never checked here. */
  NO_HISTORY("no_history"),
  /** The verdict store could not be read (locked, damaged, not answering): try again later. */
  STORE_UNAVAILABLE("store_unavailable"),
  /** A signed summary or the verifier document was asked of a deployment that signs nothing. */
  VSA_UNAVAILABLE("vsa_unavailable"),
  /** The registry gives no sha512 of the version's tarball: a summary would have no subject to name. */
  NO_SUBJECT("no_subject"),
  /** The signing key could not sign (a key service unreachable or refusing): try again later. */
  SIGNING_UNAVAILABLE("signing_unavailable"),
  /** A request body the route does not take as JSON: a {@code Content-Type} other than {@code application/json}. */
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
  /** A request body over {@link dev.hekate.lambda.ApiLimits#MAX_REQUEST_BODY_BYTES}. */
  BODY_TOO_LARGE("body_too_large"),
  /** A request body that is not one JSON value (or, base64-encoded by API Gateway, not base64). */
  INVALID_JSON("invalid_json"),
  /** A request body naming the same field twice in one object. */
  DUPLICATE_KEY("duplicate_key"),
  /** A request body with a field the route does not know. */
  UNKNOWN_FIELD("unknown_field"),
  /** A request body with a required field absent, a field of the wrong type, or options that exclude each other. */
  INVALID_REQUEST("invalid_request"),
  /** An artifact's {@code sha256} that is not 64 hexadecimal digits. */
  INVALID_DIGEST("invalid_digest"),
  /** More artifacts than {@link dev.hekate.lambda.ApiLimits#MAX_ARTIFACTS} (or, for in-toto, {@link dev.hekate.lambda.ApiLimits#MAX_LAYOUT_ARTIFACTS}). */
  TOO_MANY_ARTIFACTS("too_many_artifacts"),
  /** A {@code provenance} string that is not base64. */
  INVALID_PROVENANCE("invalid_provenance"),
  /** A {@code layout} string that is not base64 ({@code POST /v1/in-toto/verify}). */
  INVALID_LAYOUT("invalid_layout"),
  /** A layout key that is neither a readable PEM public key nor a securesystemslib JSON key. */
  INVALID_KEY("invalid_key"),
  /** A link that is not base64, or not a signed link whose contents name its step and signer. */
  INVALID_LINK("invalid_link"),
  /** Two links filed under the same name, {@code <step>.<keyid[:8]>.link}. */
  DUPLICATE_LINK("duplicate_link"),
  /** More layout keys than {@link dev.hekate.lambda.ApiLimits#MAX_LAYOUT_KEYS}. */
  TOO_MANY_KEYS("too_many_keys"),
  /** More links than {@link dev.hekate.lambda.ApiLimits#MAX_LINKS}. */
  TOO_MANY_LINKS("too_many_links"),
  /** A {@code verificationTime} that is not an RFC 3339 date-time with an offset. */
  INVALID_TIME("invalid_time"),
  /** An artifact path that is empty, absolute, too long, or holds {@code ..}, a control character or a backslash. */
  INVALID_ARTIFACT_PATH("invalid_artifact_path"),
  /** No answer within the request's deadline ({@code POST /v1/in-toto/verify}): the work was cancelled. */
  DEADLINE_EXCEEDED("deadline_exceeded"),
  /** The deployment's trust material could not be loaded: nothing can be verified; try again later. */
  TRUST_UNAVAILABLE("trust_unavailable"),
  /** A bug: the handler failed unexpectedly. The log line has the exception. */
  // Enum constants: the list is the data, so its shape repeats.
  INTERNAL("internal_error");

  private final String code;

  ApiError(String code) {
    this.code = code;
  }

  /** The wire name, e.g. {@code invalid_package}. */
  public String code() {
    return code;
  }
}
