package dev.hekate.lambda.sweep;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hekate.core.json.Limits;
import dev.hekate.core.sweep.Watchlist;
import dev.hekate.core.sweep.WatchlistException;
import dev.hekate.core.sweep.WatchlistSource;
import dev.hekate.lambda.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The watchlist from an S3 object, through the real AWS SDK client against an S3 stub (WireMock). */
class S3WatchlistTest {
  private static final String OBJECT = "/hekate-config/sweep/watchlist.txt";
  private static final S3Watchlist.Location LOCATION = S3Watchlist.Location.parse("s3://hekate-config/sweep/watchlist.txt");

  @RegisterExtension
  static final WireMockExtension s3 = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @BeforeEach
  void reset() {
    s3.resetAll();
  }

  private static S3Client client() {
    return S3Client.builder()
        .endpointOverride(URI.create(s3.baseUrl()))
        .forcePathStyle(true)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(2)))
        .build();
  }

  private static WatchlistSource source() {
    return S3Watchlist.source(LOCATION, S3WatchlistTest::client);
  }

  private static void object(int status, String body) {
    s3.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", status == 200 ? "text/plain" : "application/xml").withBody(body)));
  }

  @Test
  void theObjectIsTheWatchlist() throws Exception {
    object(200, "# our packages, 2026-11-24\nleft-pad\n@scope/name\n\nexpress\n");
    Watchlist list = source().load();
    assertEquals(List.of("left-pad", "@scope/name", "express"), list.names());
    assertEquals("s3://hekate-config/sweep/watchlist.txt", list.origin());
    s3.verify(getRequestedFor(urlPathEqualTo(OBJECT)));
    assertTrue(s3.getAllServeEvents().get(0).getRequest().getHeader("Authorization").startsWith("AWS4-HMAC-SHA256"),
        "signed with SigV4");
  }

  @Test
  void aMissingObject_refusedAccess_orAnUnreachableS3_isAWatchlistError() {
    object(404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
    WatchlistException missing = assertThrows(WatchlistException.class, () -> source().load());
    assertTrue(missing.getMessage().contains("s3://hekate-config/sweep/watchlist.txt"), missing.getMessage());

    s3.resetAll();
    object(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
    WatchlistException denied = assertThrows(WatchlistException.class, () -> source().load());
    assertTrue(denied.getMessage().contains("Access Denied"), denied.getMessage());

    WatchlistSource unreachable = S3Watchlist.source(LOCATION, () -> S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:1"))
        .forcePathStyle(true).region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
        .build());
    assertThrows(WatchlistException.class, unreachable::load);
  }

  @Test
  void anOversizedOrMalformedObject_isRefused() {
    object(200, "a\n".repeat(Limits.MAX_WATCHLIST_BYTES / 2 + 1));
    assertThrows(WatchlistException.class, () -> source().load());
    s3.resetAll();
    object(200, "left-pad\n../../etc/passwd\n");
    assertThrows(WatchlistException.class, () -> source().load());
  }

  @Test
  void theUriIsValidated() {
    assertEquals(new S3Watchlist.Location("my.bucket-1", "a/b c.txt"), S3Watchlist.Location.parse(" s3://my.bucket-1/a/b c.txt "));
    for (String bad : List.of("https://bucket/key", "s3://bucket", "s3://bucket/", "s3://Bucket/key", "s3://b/key",
        "s3://bucket..x/key", "s3:///key", "s3://-bucket/key", "s3://bucket/ke\ny")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Watchlist.Location.parse(bad), bad);
      assertTrue(e.getMessage().startsWith(S3Watchlist.ENV), e.getMessage());
    }
  }

  @Test
  void theEnvironmentChoosesTheSource_namesAndFilesFirst() throws Exception {
    assertEquals(Optional.empty(), S3Watchlist.fromEnvironment(Map.of()));
    assertEquals(Optional.empty(), S3Watchlist.fromEnvironment(Map.of(S3Watchlist.ENV, "  ")));
    assertTrue(S3Watchlist.fromEnvironment(Map.of(S3Watchlist.ENV, "s3://bucket/key")).isPresent());
    assertThrows(IllegalArgumentException.class, () -> S3Watchlist.fromEnvironment(Map.of(S3Watchlist.ENV, "bucket/key")));

    object(200, "from-s3\n");
    WatchlistSource chosen = WatchlistSource.fromEnvironment(Map.of(WatchlistSource.ENV_NAMES, "from-env"), source());
    assertEquals(List.of("from-env"), chosen.load().names());
    assertEquals(List.of("from-s3"), WatchlistSource.fromEnvironment(Map.of(), source()).load().names());
  }

  @Test
  void thePlannerQueuesTheS3List_andFailsWhenItCannotBeRead() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC);
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    JsonLog log = new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), clock);
    List<String> sent = new ArrayList<>();
    QueueSender queue = bodies -> {
      sent.addAll(bodies);
      return new QueueSender.Sent(0, List.of());
    };
    PlannerHandler planner = new PlannerHandler(source(), queue, SweepSettings.fromEnvironment(Map.of()),
        batch -> new dev.hekate.core.metrics.PublishReport(0, 0, 0, 0, Optional.empty()), log, clock);

    object(200, "left-pad\nexpress\n");
    Map<String, Object> result = planner.handleRequest(Map.of("time", "2026-11-24T06:00:00Z"), null);
    assertEquals("s3://hekate-config/sweep/watchlist.txt", result.get("watchlist"));
    assertEquals(2, result.get("packages"));
    assertEquals(1, sent.size());
    assertTrue(sent.get(0).contains("left-pad") && sent.get(0).contains("express"));

    s3.resetAll();
    object(404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
    assertThrows(IllegalStateException.class, () -> planner.handleRequest(Map.of(), null));
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("\"msg\":\"sweep.watchlist_unavailable\""));
    assertEquals(1, sent.size(), "nothing queued for a list that could not be read");
  }
}
