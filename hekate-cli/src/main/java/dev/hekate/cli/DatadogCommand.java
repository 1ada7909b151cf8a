package dev.hekate.cli;

import dev.hekate.core.text.UntrustedText;
import dev.hekate.datadog.DatadogApi;
import dev.hekate.datadog.DatadogApply;
import dev.hekate.datadog.DatadogSettings;
import dev.hekate.datadog.Definitions;
import dev.hekate.datadog.KeySource;
import dev.hekate.datadog.Waiter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hekate datadog apply}: creates or updates Hekate's monitors and dashboard (docs/datadog)
 * by name. Exit 0 when everything was applied (or planned, with --dry-run), 1 when Datadog refused
 * or could not be reached, 2 on usage errors or missing keys.
 */
final class DatadogCommand {
  static final String HELP = """
      Usage:
        hekate datadog apply [--dry-run] [--definitions DIR]

      Creates or updates, by name, the monitors (failures by package, regressions, no sweep for
      2 hours, registry error rate, verifiers disagreeing) and the dashboard of docs/datadog:
      applying twice creates each once; monitors made by hand with the same name are updated,
      never deleted.

      --dry-run           print what would be created or updated; send no request
      --definitions DIR   read monitors.json and dashboard.json from DIR (default: the copy in
                          the jar, from docs/datadog)

      Environment: DD_API_KEY and DD_APP_KEY (both required by Datadog for monitors and
      dashboards), DD_SITE (default datadoghq.com), HEKATE_DATADOG_URL (replaces the base URL:
      tests, proxies; the keys are then optional).
      Exit status: 0 applied; 1 Datadog refused or could not be reached; 2 usage error.
      """;

  private DatadogCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv());
  }

  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    try {
      Args parsed = Args.parse(args, Set.of("--dry-run", "--help", "-h"), Set.of("--definitions"));
      if (parsed.flag("--help") || parsed.flag("-h")) {
        out.print(HELP);
        return 0;
      }
      if (parsed.positional().size() != 1 || !parsed.positional().get(0).equals("apply")) {
        throw new UsageException("the only subcommand is 'apply'");
      }
      Definitions definitions;
      try {
        definitions = parsed.option("--definitions").isPresent()
            ? Definitions.fromDirectory(Path.of(parsed.option("--definitions").get()))
            : Definitions.embedded();
      } catch (Definitions.DefinitionsException e) {
        throw new UsageException(e.getMessage());
      }
      if (parsed.flag("--dry-run")) {
        DatadogApply.plan(definitions).forEach(a -> out.println(a.describe()));
        out.println("dry run: no request was sent");
        return 0;
      }
      DatadogSettings settings;
      try {
        settings = DatadogSettings.fromEnvironment(env);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      if (settings.baseUrl().isEmpty()) {
        for (String key : List.of(DatadogSettings.ENV_API_KEY, DatadogSettings.ENV_APP_KEY)) {
          if (env.getOrDefault(key, "").isBlank()) {
            throw new UsageException(key + " is not set (Datadog needs an API key and an application key "
                + "to manage monitors and dashboards)");
          }
        }
      }
      DatadogApply apply = new DatadogApply(DatadogApi.create(settings, Waiter.SYSTEM),
          KeySource.environment(env, DatadogSettings.ENV_API_KEY), KeySource.environment(env, DatadogSettings.ENV_APP_KEY));
      try {
        apply.apply(definitions).forEach(a -> out.println(a.describe()));
        return 0;
      } catch (DatadogApply.ApplyException e) {
        e.done().forEach(a -> out.println(a.describe()));
        err.println("hekate datadog apply: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
        return 1;
      }
    } catch (UsageException e) {
      err.println("hekate datadog: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate datadog --help' for usage.");
      return 2;
    }
  }
}
