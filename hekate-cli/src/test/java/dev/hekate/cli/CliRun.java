package dev.hekate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process, as {@code ./hekate} would, capturing its output. */
record CliRun(int exit, String out, String err) {

  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The JSON objects printed one per line (with --json). */
  List<JsonNode> jsonLines() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.mapper().readTree(line));
      }
    }
    return lines;
  }

  /** The id of the first FAILED check of a verdict, or "". */
  static String firstFailure(JsonNode verdict) {
    for (JsonNode check : verdict.path("checks")) {
      if (check.path("outcome").asText().equals("FAILED")) {
        return check.path("id").asText();
      }
    }
    return "";
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n" + out + err;
  }
}
