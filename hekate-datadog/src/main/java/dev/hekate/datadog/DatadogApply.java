package dev.hekate.datadog;

import com.datadog.api.client.v1.api.DashboardsApi.ListDashboardsOptionalParameters;
import com.datadog.api.client.v1.api.MonitorsApi.ListMonitorsOptionalParameters;
import com.datadog.api.client.v1.model.Dashboard;
import com.datadog.api.client.v1.model.DashboardSummary;
import com.datadog.api.client.v1.model.DashboardSummaryDefinition;
import com.datadog.api.client.v1.model.Monitor;
import com.datadog.api.client.v1.model.MonitorUpdateRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates or updates Hekate's monitors and dashboard in Datadog, matching by name (a monitor's
 * {@code name}, the dashboard's {@code title}): list, match exactly, update the match or create
 * when there is none. Applying twice therefore creates each once. When several monitors share a
 * name the oldest is updated and the others are reported, never deleted.
 *
 * <p>Needs an API key and an application key. {@link #plan} makes no request.
 */
public final class DatadogApply {
  private static final int PAGE_SIZE = 100;
  /** Dashboards listed at most: 100 pages of 100. */
  private static final int MAX_PAGES = 100;

  private final DatadogApi api;
  private final KeySource apiKey;
  private final KeySource appKey;

  /** What was done, or would be, with one definition. */
  public record Action(Kind kind, Verb verb, String name, Optional<String> id, String detail) {
    public Action {
      // One null check per component: records validate what they hold.
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(verb, "verb");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(detail, "detail");
    }

    /** One line for a person. */
    public String describe() {
      String what = kind.name().toLowerCase(java.util.Locale.ROOT) + " \"" + name + "\"";
      String line = switch (verb) {
        case CREATED -> "created " + what;
        case UPDATED -> "updated " + what;
        case WOULD_APPLY -> "would create or update (by name) " + what;
      };
      return line + id.map(i -> " (id " + i + ")").orElse("") + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  public enum Kind {
    MONITOR,
    DASHBOARD
  }

  public enum Verb {
    CREATED,
    UPDATED,
    WOULD_APPLY
  }

  /** Applying stopped: Datadog refused or could not be reached. {@link #done()} says what was applied before. */
  public static final class ApplyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Action> done;

    ApplyException(String message, List<Action> done) {
      super(message, null, false, false);
      this.done = List.copyOf(done);
    }

    public List<Action> done() {
      return done;
    }
  }

  public DatadogApply(DatadogApi api, KeySource apiKey, KeySource appKey) {
    this.api = Objects.requireNonNull(api, "api");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.appKey = Objects.requireNonNull(appKey, "appKey");
  }

  /** What {@link #apply} would do, without any request. */
  public static List<Action> plan(Definitions definitions) {
    List<Action> actions = new ArrayList<>();
    for (JsonNode monitor : definitions.monitors()) {
      actions.add(new Action(Kind.MONITOR, Verb.WOULD_APPLY, Definitions.name(monitor), Optional.empty(),
          monitor.path("type").asText() + ": " + monitor.path("query").asText()));
    }
    actions.add(new Action(Kind.DASHBOARD, Verb.WOULD_APPLY, Definitions.name(definitions.dashboard()),
        Optional.empty(), definitions.dashboard().path("widgets").size() + " widgets"));
    return actions;
  }

  /**
   * Creates or updates every monitor, then the dashboard.
   *
   * @throws ApplyException when a key is missing or unreadable, a definition does not parse as
   *     Datadog's model, or Datadog refuses a request or cannot be reached (after retries)
   */
  public List<Action> apply(Definitions definitions) throws ApplyException {
    List<Action> done = new ArrayList<>();
    Optional<String> api;
    Optional<String> app;
    try {
      api = apiKey.key();
      app = appKey.key();
    } catch (KeyUnavailableException e) {
      throw new ApplyException("a Datadog key is unavailable: " + e.getMessage(), done);
    }
    for (JsonNode definition : definitions.monitors()) {
      done.add(applyMonitor(definition, api, app, done));
    }
    done.add(applyDashboard(definitions.dashboard(), api, app, done));
    return done;
  }

  private Action applyMonitor(JsonNode definition, Optional<String> api, Optional<String> app, List<Action> done)
      throws ApplyException {
    String name = Definitions.name(definition);
    ListMonitorsOptionalParameters byName = new ListMonitorsOptionalParameters().name(name).pageSize(PAGE_SIZE).page(0L);
    List<Monitor> listed = call(api, app, () -> this.api.monitors().listMonitors(byName), "list monitors named " + name, done);
    List<Monitor> same = listed.stream()
        .filter(m -> name.equals(m.getName()) && m.getId() != null)
        .sorted(Comparator.comparing(Monitor::getId))
        .toList();
    if (same.isEmpty()) {
      Monitor monitor = model(definition, Monitor.class, done);
      Monitor created = call(api, app, () -> this.api.monitors().createMonitor(monitor), "create monitor " + name, done);
      return new Action(Kind.MONITOR, Verb.CREATED, name, Optional.ofNullable(created.getId()).map(String::valueOf), "");
    }
    long id = same.get(0).getId();
    MonitorUpdateRequest update = model(definition, MonitorUpdateRequest.class, done);
    call(api, app, () -> this.api.monitors().updateMonitor(id, update), "update monitor " + name, done);
    String duplicates = same.size() > 1
        ? (same.size() - 1) + " other monitor(s) have this name and were left alone: ids "
            + same.subList(1, same.size()).stream().map(m -> String.valueOf(m.getId())).toList()
        : "";
    return new Action(Kind.MONITOR, Verb.UPDATED, name, Optional.of(String.valueOf(id)), duplicates);
  }

  private Action applyDashboard(JsonNode definition, Optional<String> api, Optional<String> app, List<Action> done)
      throws ApplyException {
    String title = Definitions.name(definition);
    Dashboard dashboard = model(definition, Dashboard.class, done);
    List<DashboardSummaryDefinition> all = new ArrayList<>();
    for (int page = 0; page < MAX_PAGES; page++) {
      ListDashboardsOptionalParameters window = new ListDashboardsOptionalParameters()
          .count((long) PAGE_SIZE).start((long) page * PAGE_SIZE);
      DashboardSummary summary = call(api, app, () -> this.api.dashboards().listDashboards(window),
          "list dashboards", done);
      List<DashboardSummaryDefinition> listed = summary.getDashboards() == null ? List.of() : summary.getDashboards();
      all.addAll(listed);
      if (listed.size() < PAGE_SIZE) {
        break;
      }
    }
    Optional<String> existing = all.stream()
        .filter(d -> title.equals(d.getTitle()) && d.getId() != null)
        .map(DashboardSummaryDefinition::getId)
        .sorted()
        .findFirst();
    if (existing.isEmpty()) {
      Dashboard created = call(api, app, () -> this.api.dashboards().createDashboard(dashboard),
          "create dashboard " + title, done);
      return new Action(Kind.DASHBOARD, Verb.CREATED, title, Optional.ofNullable(created.getId()), "");
    }
    String id = existing.get();
    call(api, app, () -> this.api.dashboards().updateDashboard(id, dashboard), "update dashboard " + title, done);
    return new Action(Kind.DASHBOARD, Verb.UPDATED, title, Optional.of(id), "");
  }

  private <T> T model(JsonNode definition, Class<T> type, List<Action> done) throws ApplyException {
    try {
      return api.mapper().treeToValue(definition, type);
    } catch (JsonProcessingException e) {
      throw new ApplyException("the definition of '" + Definitions.name(definition) + "' is not a Datadog "
          + type.getSimpleName() + ": " + e.getOriginalMessage(), done);
    }
  }

  private <T> T call(Optional<String> api, Optional<String> app, DatadogApi.Call<T> call, String what, List<Action> done)
      throws ApplyException {
    return switch (this.api.call(api, app, call)) {
      case DatadogApi.Result.Ok<T> ok -> ok.value();
      case DatadogApi.Result.Accepted<T> accepted -> throw new ApplyException("cannot " + what
          + ": Datadog answered HTTP " + accepted.status() + " with a body that is not the expected JSON", done);
      case DatadogApi.Result.Failed<T> failed -> throw new ApplyException("cannot " + what + ": " + failed.reason(), done);
    };
  }
}
