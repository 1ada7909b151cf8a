package dev.hekate.lambda.http;

/**
 * Every error the API answers with, as a stable code (the {@code error} field of the JSON body)
 * and its HTTP status. Codes are part of the public contract (docs/api.md): added, never renamed.
 */
public enum ApiError {
  /** The path is not a well-formed request for this API: bad percent-encoding, control characters, dot segments. */
  INVALID_PATH(400, "invalid_path"),
  /** The package name or version breaks npm's rules. Nothing was fetched. */
  INVALID_PACKAGE(400, "invalid_package"),
  /** No route has this path. */
  NOT_FOUND(404, "not_found"),
  /** The registry has no such package, or no such version of it. */
  PACKAGE_NOT_FOUND(404, "package_not_found"),
  /** A method other than GET. */
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  /** The path and query together are longer than {@link dev.hekate.core.json.Limits#MAX_API_URL_LENGTH}. */
  URI_TOO_LONG(414, "uri_too_long"),
  /** A bug: the handler failed unexpectedly. The log line has the exception. */
  INTERNAL(500, "internal_error");

  private final int status;
  private final String code;

  ApiError(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  /** The wire name, e.g. {@code invalid_package}. */
  public String code() {
    return code;
  }
}
