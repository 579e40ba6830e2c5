package io.pybase.sample.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pybase.metrics.servlet.RouteTemplates;
import io.pybase.metrics.servlet.ServletMetrics;
import io.pybase.sample.api.records.RecordCache;
import io.pybase.sample.api.records.RecordRepository;
import io.pybase.sample.api.records.StoredRecord;
import io.pybase.sample.queue.TaskQueue;
import io.pybase.sample.task.QueueNames;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskNames;
import io.pybase.sample.transport.OutageLog;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Records CRUD under {@code /api/v1/tables/*}:
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>POST /api/v1/tables/{tableId}/records</td><td>201, the record; body: a JSON object</td></tr>
 *   <tr><td>GET /api/v1/tables/{tableId}/records?limit=&amp;offset=&amp;delay_ms=</td><td>200, a page</td></tr>
 *   <tr><td>GET /api/v1/tables/{tableId}/records/{recordId}</td><td>200 through the cache, or 404</td></tr>
 *   <tr><td>PUT /api/v1/tables/{tableId}/records/{recordId}</td><td>200, or 404</td></tr>
 *   <tr><td>DELETE /api/v1/tables/{tableId}/records/{recordId}</td><td>204, or 404</td></tr>
 *   <tr><td>GET /api/v1/tables/{tableId}/stats</td><td>200; 500 on an empty table (a real SQL fault)</td></tr>
 * </table>
 *
 * <p>Unknown tables get 404, malformed JSON or a body that is not an object 400, a body over the limit 413; none
 * stores anything. Every write queues an {@code index_record} task for the search worker. {@code delay_ms} (at
 * most 5000) makes the list slow, for latency panels.
 *
 * <pre>{@code
 * curl -X POST -H 'Content-Type: application/json' -d '{"name":"Bridge"}' \
 *     http://127.0.0.1:8000/api/v1/tables/projects/records
 * }</pre>
 */
public final class RecordsServlet extends JsonServlet {

  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(RecordsServlet.class.getName());

  /** The tables the API knows. */
  public static final Set<String> TABLES = Set.of("projects", "documents", "drawings");

  static final String RECORDS = "/api/v1/tables/{tableId}/records";
  static final String RECORD = "/api/v1/tables/{tableId}/records/{recordId}";
  static final String STATS = "/api/v1/tables/{tableId}/stats";

  private final transient RecordRepository repository;
  private final transient RecordCache cache;
  private final transient TaskQueue queue;
  private final transient OutageLog indexQueue = new OutageLog(LOG, "the search worker's queue (index updates of"
      + " record writes)");

  public RecordsServlet(RecordRepository repository, RecordCache cache, TaskQueue queue, int maxBodyBytes) {
    super(maxBodyBytes);
    this.repository = repository;
    this.cache = cache;
    this.queue = queue;
  }

  /**
   * Declares the routes this servlet serves under {@code servletName}, so that each has its series at zero from
   * start-up (the first error of a route is then visible to {@code rate()}), in place of its mapping pattern.
   */
  public static void initRoutes(ServletContext context, String servletName) {
    ServletMetrics.initRoute(context, servletName, "GET", RECORDS);
    ServletMetrics.initRoute(context, servletName, "POST", RECORDS);
    ServletMetrics.initRoute(context, servletName, "GET", RECORD);
    ServletMetrics.initRoute(context, servletName, "PUT", RECORD);
    ServletMetrics.initRoute(context, servletName, "DELETE", RECORD);
    ServletMetrics.initRoute(context, servletName, "GET", STATS);
  }

  /** A parsed path: table, what, and the record id when there is one. */
  private record Target(String table, String template, Long recordId) {}

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Target t = target(req);
    if (t.template().equals(STATS)) {
      writeJson(resp, 200, repository.stats(t.table()));
    } else if (t.recordId() == null) {
      int limit = intParam(req, "limit", 50, 1, 500);
      int offset = intParam(req, "offset", 0, 0, Integer.MAX_VALUE);
      int delay = intParam(req, "delay_ms", 0, 0, 5000);
      if (delay > 0) {
        sleep(delay);
      }
      List<StoredRecord> page = repository.list(t.table(), limit, offset);
      writeJson(resp, 200, Map.of("records", page, "limit", limit, "offset", offset));
    } else {
      String key = t.table() + "/" + t.recordId();
      Optional<String> cached = cacheGet(key);
      if (cached.isPresent()) {
        writeRaw(resp, cached.get());
        return;
      }
      StoredRecord r = repository.find(t.table(), t.recordId()).orElseThrow(() -> notFound(t));
      String json = JSON.writeValueAsString(r);
      cacheSet(key, json);
      writeRaw(resp, json);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Target t = target(req);
    if (!t.template().equals(RECORDS)) {
      throw new ApiException(405, "method_not_allowed", "POST is allowed on " + RECORDS + " only");
    }
    String data = objectBody(req);
    StoredRecord r = repository.insert(t.table(), data);
    index("put", r);
    resp.setHeader("Location", "/api/v1/tables/" + t.table() + "/records/" + r.id());
    writeJson(resp, 201, r);
  }

  @Override
  protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Target t = target(req);
    if (t.recordId() == null) {
      throw new ApiException(405, "method_not_allowed", "PUT is allowed on " + RECORD + " only");
    }
    String data = objectBody(req);
    StoredRecord r = repository.update(t.table(), t.recordId(), data).orElseThrow(() -> notFound(t));
    cacheDelete(t.table() + "/" + t.recordId());
    index("put", r);
    writeJson(resp, 200, r);
  }

  @Override
  protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Target t = target(req);
    if (t.recordId() == null) {
      throw new ApiException(405, "method_not_allowed", "DELETE is allowed on " + RECORD + " only");
    }
    if (!repository.delete(t.table(), t.recordId())) {
      throw notFound(t);
    }
    // The record is gone from here on: whatever fails next, the answer must say it was deleted.
    boolean evicted = cacheDelete(t.table() + "/" + t.recordId());
    boolean unindexed = index(TaskMessage.create(TaskNames.INDEX_RECORD,
        Map.of("op", "delete", "table_id", t.table(), "record_id", Long.toString(t.recordId()))));
    if (evicted && unindexed) {
      resp.setStatus(204);
      return;
    }
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("deleted", true);
    partial.put("table_id", t.table());
    partial.put("record_id", t.recordId());
    partial.put("cache_evicted", evicted);
    partial.put("search_index_updated", unindexed);
    partial.put("message", "the record is deleted; "
        + (unindexed ? "" : "searches may still find it until it is indexed again; ")
        + (evicted ? "" : "reads may return it from the cache for up to its TTL"));
    writeJson(resp, 200, partial);
  }

  @SuppressWarnings("StringSplitter") // trailing empty parts are dropped on purpose: /t/records/ is the collection
  private Target target(HttpServletRequest req) {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    String[] parts = path.split("/");
    // "", tableId, "records"|"stats", [recordId]
    if (parts.length >= 3 && parts[2].equals("records") && parts.length <= 4) {
      String template = parts.length == 3 ? RECORDS : RECORD;
      RouteTemplates.set(req, template);
      String table = table(parts[1]);
      Long id = null;
      if (parts.length == 4) {
        try {
          id = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
          throw new ApiException(404, "not_found", "record ids are numbers");
        }
      }
      return new Target(table, template, id);
    }
    if (parts.length == 3 && parts[2].equals("stats")) {
      RouteTemplates.set(req, STATS);
      return new Target(table(parts[1]), STATS, null);
    }
    throw new ApiException(404, "not_found", "no route for " + req.getRequestURI());
  }

  private static String table(String name) {
    if (!TABLES.contains(name)) {
      throw new ApiException(404, "unknown_table", "no table '" + abbreviate(name) + "'; tables: "
          + new TreeSet<>(TABLES));
    }
    return name;
  }

  private String objectBody(HttpServletRequest req) throws IOException {
    JsonNode body = readJson(req);
    if (!body.isObject()) {
      throw new ApiException(400, "not_an_object", "a record is a JSON object");
    }
    return JSON.writeValueAsString(body);
  }

  private void index(String op, StoredRecord r) {
    index(TaskMessage.create(TaskNames.INDEX_RECORD,
        Map.of("op", op, "table_id", r.tableId(), "record_id", Long.toString(r.id()), "text", r.data())));
  }

  /** Queues an index update; {@code false} (logged once per queue outage) when the queue is unreachable. */
  private boolean index(TaskMessage update) {
    try {
      queue.push(QueueNames.SEARCH, update);
      indexQueue.reachable();
      return true;
    } catch (RuntimeException e) {
      indexQueue.unreachable(e);
      return false;
    }
  }

  private Optional<String> cacheGet(String key) {
    try {
      return cache.get(key);
    } catch (RuntimeException e) {
      return Optional.empty();   // counted as a cache error; the database answers
    }
  }

  private void cacheSet(String key, String json) {
    try {
      cache.set(key, json);
    } catch (RuntimeException e) {
      // counted as a cache error; the next read goes to the database again
    }
  }

  private boolean cacheDelete(String key) {
    try {
      cache.delete(key);
      return true;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cache entry " + key + " not evicted: " + e);
      return false;
    }
  }

  private static ApiException notFound(Target t) {
    return new ApiException(404, "not_found", "no record " + t.recordId() + " in " + t.table());
  }

  private static void writeRaw(HttpServletResponse resp, String json) throws IOException {
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.getWriter().write(json);
  }

  static int intParam(HttpServletRequest req, String name, int defaultValue, int min, int max) {
    String v = req.getParameter(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApiException(400, "invalid_parameter", name + " must be an integer from " + min + " to " + max);
  }

  static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
