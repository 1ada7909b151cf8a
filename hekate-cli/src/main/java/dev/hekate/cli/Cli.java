package dev.hekate.cli;

import dev.hekate.core.text.UntrustedText;
import java.io.PrintStream;
import java.util.Arrays;

/** Dispatches subcommands. Exit codes: 0 verified, 1 not verified, 2 usage or input error. */
public final class Cli {
  static final String USAGE = """
      Usage: hekate <command> [options]

      Commands:
        verify-bundle   Verify a Sigstore bundle against an artifact or digest
        verify-artifact Verify artifacts against their SLSA provenance (slsa-verifier verify-artifact)
        verify-layout   Verify an in-toto layout and its links (in-toto-verify)
        verify-npm      Verify npm package versions: provenance, publish attestation, registry
        verify-lockfile Verify every npm package a lockfile installs, against a policy (SARIF too)
        serve           Serve verdicts over HTTP on this machine (the Lambda handler, locally)
        sweep           Verify the new and latest versions of a watchlist of npm packages
        history         Show what the verdict store remembers of a package, version by version
        network         Ask several Hekate deployments for signed verdicts; VERIFIED when K agree
        datadog         Create or update Hekate's Datadog monitors and dashboard (datadog apply)
        help            Show this help

      Run 'hekate <command> --help' for a command's options.
      """;

  private Cli() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "verify-bundle" -> VerifyBundleCommand.run(rest, out, err);
      case "verify-artifact" -> VerifyArtifactCommand.run(rest, out, err);
      case "verify-layout" -> VerifyLayoutCommand.run(rest, out, err);
      case "verify-npm" -> VerifyNpmCommand.run(rest, out, err);
      case "verify-lockfile" -> VerifyLockfileCommand.run(rest, out, err);
      case "serve" -> ServeCommand.run(rest, out, err);
      case "sweep" -> SweepCommand.run(rest, out, err);
      case "history" -> HistoryCommand.run(rest, out, err);
      case "datadog" -> DatadogCommand.run(rest, out, err);
      case "network" -> NetworkCommand.run(rest, out, err);
      default -> {
        err.println("hekate: unknown command '" + UntrustedText.terminal(args[0]) + "'");
        err.print(USAGE);
        yield 2;
      }
    };
  }
}
