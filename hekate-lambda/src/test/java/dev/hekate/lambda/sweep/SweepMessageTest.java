package dev.hekate.lambda.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hekate.core.json.Limits;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.sweep.SweepWindow;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SweepMessageTest {
  private static final SweepWindow WINDOW = new SweepWindow(Instant.parse("2026-11-24T04:00:00Z"),
      Instant.parse("2026-11-24T05:00:00Z"));

  @Test
  void roundTrips() throws Exception {
    SweepMessage m = new SweepMessage(List.of("left-pad", "@scope/pkg"), WINDOW);
    assertEquals(m, SweepMessage.parse(m.toJson()));
  }

  @Test
  void splitKeepsOrderAndSizes() {
    List<String> names = IntStream.range(0, 51).mapToObj(i -> "p" + i).toList();
    List<SweepMessage> messages = SweepMessage.split(names, 25, WINDOW);
    assertEquals(List.of(25, 25, 1), messages.stream().map(m -> m.packages().size()).toList());
    assertEquals(names, messages.stream().flatMap(m -> m.packages().stream()).toList());
  }

  @Test
  void trustExceptionsRoundTripAndEachMessageCarriesItsPackagesOnes() throws Exception {
    TrustExceptions exceptions = TrustExceptions.parse(List.of("a", "@s/c@1.0.0", "elsewhere"));
    List<SweepMessage> messages = SweepMessage.split(List.of("a", "b", "@s/c"), 2, WINDOW, exceptions);

    assertEquals(List.of("a"), messages.get(0).trustExceptions().texts());
    assertEquals(List.of("@s/c@1.0.0"), messages.get(1).trustExceptions().texts());
    assertEquals(messages.get(1), SweepMessage.parse(messages.get(1).toJson()));
    assertEquals(TrustExceptions.NONE, SweepMessage.parse(new SweepMessage(List.of("a"), WINDOW).toJson())
        .trustExceptions());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"packages\":[\"ok\"],\"since\":\"2026-11-24T04:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\",\"trustExclude\":[\"ok@^1\"]}",
      "{\"packages\":[\"ok\"],\"since\":\"2026-11-24T04:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\",\"trustExclude\":[\"\"]}",
      "{\"packages\":[\"ok\"],\"since\":\"2026-11-24T04:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\",\"trustExclude\":\"ok\"}",
      "{\"packages\":[\"ok\"],\"since\":\"2026-11-24T04:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\",\"trustExclude\":[1]}"})
  void malformedTrustExclude_fail(String body) {
    assertThrows(SweepMessage.MalformedMessageException.class, () -> SweepMessage.parse(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "not json", "[]", "{}", "{\"packages\":[]}",
      "{\"packages\":[\"ok\"],\"since\":\"2026-11-24T04:00:00Z\"}",
      "{\"packages\":[\"../etc/passwd\"],\"since\":\"2026-11-24T04:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\"}",
      "{\"packages\":[1],\"since\":\"2026-11-24T04:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\"}",
      "{\"packages\":[\"ok\"],\"since\":\"yesterday\",\"until\":\"2026-11-24T05:00:00Z\"}",
      "{\"packages\":[\"ok\"],\"since\":\"2026-11-24T06:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\"}",
      "{\"packages\":\"ok\",\"since\":\"2026-11-24T04:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\"}"})
  void malformed_fail(String body) {
    assertThrows(SweepMessage.MalformedMessageException.class, () -> SweepMessage.parse(body));
  }

  @Test
  void tooManyPackages_fail() {
    String names = String.join(",", IntStream.range(0, Limits.MAX_SWEEP_MESSAGE_PACKAGES + 1).mapToObj(i -> "\"p" + i + "\"")
        .toList());
    assertThrows(SweepMessage.MalformedMessageException.class, () -> SweepMessage.parse(
        "{\"packages\":[" + names + "],\"since\":\"2026-11-24T04:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\"}"));
  }

  /** A watchlist with many exceptions makes more messages, each within the bound, never a failed run. */
  @Test
  void messagesCloseEarlyRatherThanCarryTooManyExceptions() throws Exception {
    List<String> names = new java.util.ArrayList<>();
    List<String> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      names.add("p" + i);
      entries.addAll(List.of("p" + i, "p" + i + "@1.0.0", "p" + i + "@2.0.0"));
    }

    List<SweepMessage> messages = SweepMessage.split(names, 25, WINDOW, TrustExceptions.parse(entries));

    assertEquals(List.of(16, 4), messages.stream().map(m -> m.packages().size()).toList());
    assertEquals(names, messages.stream().flatMap(m -> m.packages().stream()).toList());
    for (SweepMessage m : messages) {
      assertEquals(3 * m.packages().size(), m.trustExceptions().entries().size());
    }
  }

  @Test
  void nullBody_fails() {
    assertThrows(SweepMessage.MalformedMessageException.class, () -> SweepMessage.parse(null));
  }
}
