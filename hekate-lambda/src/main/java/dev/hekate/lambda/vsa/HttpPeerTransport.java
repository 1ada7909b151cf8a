package dev.hekate.lambda.vsa;

import dev.hekate.core.vsa.PeerTransport;
import dev.hekate.core.vsa.VsaCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The peers of a verifier network over HTTP (the command line and the sweep worker): one GET, redirects not followed, the body read up to
 * one byte over {@link VsaCheck#MAX_ENVELOPE_BYTES} (so an oversized answer is seen, not read).
 */
public final class HttpPeerTransport implements PeerTransport {
  private final HttpClient http;

  public HttpPeerTransport(HttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  /** A client for peers: connects within {@code deadline}, follows no redirect. */
  public static HttpPeerTransport create(Duration deadline) {
    return new HttpPeerTransport(HttpClient.newBuilder().connectTimeout(deadline)
        .followRedirects(HttpClient.Redirect.NEVER).build());
  }

  @Override
  public Reply get(URI url, Duration deadline) {
    try {
      HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(deadline).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          return new Unreachable("HTTP " + response.statusCode());
        }
        return new Body(body.readNBytes(VsaCheck.MAX_ENVELOPE_BYTES + 1));
      }
    } catch (IOException e) {
      return new Unreachable(e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Unreachable("interrupted");
    }
  }
}
