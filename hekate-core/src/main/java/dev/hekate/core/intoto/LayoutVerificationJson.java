package dev.hekate.core.intoto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.ResultJson;
import java.util.Objects;

/**
 * The JSON form of a {@link LayoutVerification}, written by {@code hekate verify-layout --json} and
 * by {@code POST /v1/in-toto/verify}: one writer, so the two never disagree.
 *
 * <pre>{"verified": bool, "checks": [...]}</pre>
 */
public final class LayoutVerificationJson {
  private LayoutVerificationJson() {}

  public static ObjectNode toJson(LayoutVerification result) {
    Objects.requireNonNull(result, "result");
    ObjectNode node = Json.newObject();
    node.put("verified", result.isVerified());
    node.set("checks", ResultJson.checks(result.checks()));
    return node;
  }
}
