package dev.hekate.core.result;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.text.UntrustedText;
import java.util.List;

/**
 * Renders check results as JSON: {@code {"id","outcome","kind","detail","expected","actual"}}, the
 * one rendering of a check for bundle results and npm verdicts alike. An internal error's cause is
 * never rendered (it goes to the log).
 */
public final class ResultJson {
  private ResultJson() {}

  public static ArrayNode checks(List<CheckResult> checks) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (CheckResult check : checks) {
      array.add(check(check));
    }
    return array;
  }

  public static ObjectNode check(CheckResult check) {
    return check(check, UntrustedText.MAX_JSON_VALUE);
  }

  /** As {@link #check(CheckResult)}, each untrusted value kept as is up to {@code maxValue} characters. */
  public static ObjectNode check(CheckResult check, int maxValue) {
    ObjectNode node = Json.newObject();
    node.put("id", check.id().wireName());
    node.put("outcome", check.outcome().name());
    check.kind().ifPresent(k -> node.put("kind", k.wireName()));
    // Details and values may quote the evidence: bounded (UntrustedText.jsonValue), as in a verdict.
    if (!check.detail().isEmpty()) {
      node.put("detail", UntrustedText.jsonValue(check.detail(), maxValue));
    }
    check.expected().ifPresent(v -> node.put("expected", UntrustedText.jsonValue(v, maxValue)));
    check.actual().ifPresent(v -> node.put("actual", UntrustedText.jsonValue(v, maxValue)));
    return node;
  }
}
