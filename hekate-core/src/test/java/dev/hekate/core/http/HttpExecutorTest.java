package dev.hekate.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.hekate.core.http.Loopback.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hekate.core.http.HttpExecutor.Attempt;
import dev.hekate.core.http.HttpExecutor.Outcome;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Headers;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The executor's own outcomes, with an exchange that answers 200 with its status and retries the
 * rest, after any wait the server asks for. What each status means to GitHub or to the registry is
 * tested with their clients.
 */
class HttpExecutorTest {
  private static final String PATH = "/thing";

  @RegisterExtension
  static final WireMockExtension server = Loopback.server();

  @RegisterExtension
  static final WireMockExtension elsewhere = Loopback.server();

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private HttpPolicy policy() {
    return HttpPolicy.defaults(URI.create(server.baseUrl())).withSleeper(sleeps::add);
  }

  private static Outcome<Integer> fetch(HttpPolicy policy) {
    HttpExecutor http = new HttpExecutor(policy);
    return http.get(http.base().resolve(PATH), Headers.of(), (url, response) -> answer(http, response));
  }

  private static Attempt<Integer> answer(HttpExecutor http, Response response) {
    int status = response.code();
    return status == 200
        ? new Attempt.Answer<>(status)
        : new Attempt.Retry<>("HTTP " + status, status, http.retryAfter(response));
  }

  @Test
  void aRetryThenAnAnswer() {
    server.stubFor(get(urlEqualTo(PATH)).inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    server.stubFor(get(urlEqualTo(PATH)).inScenario("s").whenScenarioStateIs("up").willReturn(ok()));

    assertEquals(new Outcome.Answered<>(200), fetch(policy()));
    assertEquals(1, sleeps.size());
  }

  @Test
  void spentAttemptsAreGivenUpWithTheLastAttemptsStatus() {
    server.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));

    assertEquals(new Outcome.GaveUp<>("HTTP 503", 503, Optional.empty(), 4, false), fetch(policy().withMaxAttempts(4)));
    assertEquals(4, requests(server));
    assertEquals(3, sleeps.size());
  }

  @Test
  void aWaitTheServerAsksForIsCappedAtTheMaxRetryAfter() {
    server.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3600")));
    HttpPolicy capped = policy().withMaxAttempts(2)
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(3));

    fetch(capped);
    assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
  }

  private static Outcome<Integer> search(HttpPolicy policy) {
    HttpExecutor http = new HttpExecutor(policy);
    return http.postJson(http.base().resolve(PATH), Headers.of(), "{\"q\":1}".getBytes(StandardCharsets.UTF_8),
        (url, response) -> answer(http, response));
  }

  @Test
  void aPostIsRetriedWithItsBody() {
    server.stubFor(post(urlEqualTo(PATH)).inScenario("p").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    server.stubFor(post(urlEqualTo(PATH)).inScenario("p").whenScenarioStateIs("up").willReturn(ok()));

    assertEquals(new Outcome.Answered<>(200), search(policy()));
    server.verify(2, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"q\":1}")));
  }

  @Test
  void aPostIsNeverRedirectedEvenWithinTheOrigin() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(308).withHeader("Location", "/other")));

    assertEquals(308, assertInstanceOf(Outcome.Refused.class, search(policy())).status());
    assertEquals(1, requests(server));
  }

  @Test
  void aRedirectToAnotherOriginIsRefusedAndNotRetried() {
    server.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(307)
        .withHeader("Location", elsewhere.baseUrl() + PATH)));

    Outcome<Integer> outcome = fetch(policy().withToken(Optional.of("t0ken")));

    assertEquals(307, assertInstanceOf(Outcome.Refused.class, outcome).status());
    assertEquals(1, requests(server));
    assertEquals(0, requests(elsewhere));
  }

  @Test
  void anInterruptedWaitIsGivenUpAsInterrupted() {
    server.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
    HttpPolicy interrupting = policy().withSleeper(d -> {
      throw new InterruptedException();
    });
    try {
      assertTrue(assertInstanceOf(Outcome.GaveUp.class, fetch(interrupting)).interrupted());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void whatTheExchangeThrowsEndsTheRequest() {
    server.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(418)));
    HttpExecutor http = new HttpExecutor(policy());

    assertThrows(Refusal.class, () -> http.get(http.base().resolve(PATH), Headers.of(), (url, response) -> {
      throw new Refusal();
    }));
    assertEquals(1, requests(server));
  }

  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
  }
}
