package dev.hekate.cli;

import dev.hekate.lambda.local.LocalServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code hekate serve} started in-process, as the command line starts it, on a free loopback port. */
record Serve(LocalServer server, String printed) implements AutoCloseable {

  static Serve start(String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", "0"));
    args.addAll(List.of(options));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LocalServer server = ServeCommand.start(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8))
        .orElseThrow();
    return new Serve(server, out.toString(StandardCharsets.UTF_8));
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
