package dev.hekate.lambda.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The sender's batching against a fake SendMessageBatch: ten a call, ids unique, one retry. */
class SqsQueueSenderTest {

  private static List<String> bodies(int n) {
    return IntStream.range(0, n).mapToObj(i -> "{\"n\":" + i + "}").toList();
  }

  /** Records every call; refuses the ids in {@code refuse} the given number of times each. */
  private static final class FakeSqs implements SqsQueueSender.BatchCall {
    final List<List<SqsQueueSender.Entry>> calls = new ArrayList<>();
    final Map<String, Integer> refuse = new HashMap<>();
    final List<String> accepted = new ArrayList<>();

    @Override
    public List<String> send(List<SqsQueueSender.Entry> entries) {
      calls.add(entries);
      List<String> failed = new ArrayList<>();
      for (SqsQueueSender.Entry e : entries) {
        int left = refuse.getOrDefault(e.id(), 0);
        if (left > 0) {
          refuse.put(e.id(), left - 1);
          failed.add(e.id());
        } else {
          accepted.add(e.body());
        }
      }
      return failed;
    }

    List<Integer> sizes() {
      return calls.stream().map(List::size).toList();
    }
  }

  @Test
  void twentyFiveMessages_goInCallsOfTenTenAndFive() {
    FakeSqs sqs = new FakeSqs();
    QueueSender.Sent sent = new SqsQueueSender(sqs).send(bodies(25));
    assertEquals(List.of(10, 10, 5), sqs.sizes());
    assertEquals(0, sent.refused());
    assertEquals(bodies(25), sqs.accepted, "each body once, in order");
  }

  @Test
  void idsAreUniqueAcrossTheWholeSend() {
    FakeSqs sqs = new FakeSqs();
    new SqsQueueSender(sqs).send(bodies(40));
    assertEquals(List.of(10, 10, 10, 10), sqs.sizes());
    Set<String> ids = new HashSet<>();
    sqs.calls.forEach(call -> call.forEach(e -> assertTrue(ids.add(e.id()), "duplicate id " + e.id())));
  }

  @Test
  void nothingToSend_makesNoCall() {
    FakeSqs sqs = new FakeSqs();
    assertEquals(0, new SqsQueueSender(sqs).send(List.of()).refused());
    assertTrue(sqs.calls.isEmpty());
  }

  @Test
  void refusedEntriesAreRetriedOnce_andEachBodyStillSentOnce() {
    FakeSqs sqs = new FakeSqs();
    sqs.refuse.put("m3", 1);
    sqs.refuse.put("m17", 1);
    QueueSender.Sent sent = new SqsQueueSender(sqs).send(bodies(40));

    assertEquals(5, sqs.calls.size(), "four calls and one retry");
    assertEquals(Set.of("m3", "m17"), new HashSet<>(sqs.calls.get(4).stream().map(SqsQueueSender.Entry::id).toList()));
    assertEquals(0, sent.refused());
    assertEquals(new HashSet<>(bodies(40)), new HashSet<>(sqs.accepted));
    assertEquals(40, sqs.accepted.size());
  }

  @Test
  void entriesRefusedTwice_areCounted_andTheRestSent() {
    FakeSqs sqs = new FakeSqs();
    sqs.refuse.put("m5", 2);
    QueueSender.Sent sent = new SqsQueueSender(sqs).send(bodies(40));
    assertEquals(1, sent.refused());
    assertEquals(39, sqs.accepted.size());
  }

  @Test
  void aCallThatThrows_isRetriedOnce_andReported() {
    List<Integer> calls = new ArrayList<>();
    SqsQueueSender.BatchCall flaky = entries -> {
      calls.add(entries.size());
      if (calls.size() == 1) {
        throw new IllegalStateException("connection reset");
      }
      return List.of();
    };
    QueueSender.Sent sent = new SqsQueueSender(flaky).send(bodies(2));
    assertEquals(List.of(2, 2), calls);
    assertEquals(0, sent.refused());
    assertEquals(1, sent.failedCalls().size());
  }

  @Test
  void aQueueUrlThatIsNotHttps_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SqsQueueSender("http://sqs.example/q"));
  }
}
