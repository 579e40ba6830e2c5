package io.pybase.sample.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybase.metrics.servlet.RouteTemplates;
import io.pybase.metrics.servlet.ServletMetrics;
import io.pybase.sample.events.TaskEvents;
import io.pybase.sample.queue.TaskQueue;
import io.pybase.sample.store.TaskStateStore;
import io.pybase.sample.task.ExtractionPayload;
import io.pybase.sample.task.QueueNames;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskNames;
import io.pybase.sample.task.TaskState;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Document extraction:
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>POST /api/v1/extractions</td><td>202 {@code {"task_id","status":"queued","status_url"}}</td></tr>
 *   <tr><td>GET /api/v1/extractions/{taskId}</td><td>200, the task's state and result; or 404</td></tr>
 * </table>
 *
 * <p>Body: {@code {"file_type":"ifc","filename":"house.ifc","content":"ISO-10303-21;..."}} with text content, or
 * {@code "content_base64"} for binary files such as PDF; optional {@code "delay_ms"} (simulated slow work per
 * attempt, at most 30000) and {@code "fail_attempts"} (the first N attempts hit a transient fault, at most 10). An unsupported type or missing content gets 400 and nothing is queued.
 *
 * <pre>{@code
 * curl -X POST -H 'Content-Type: application/json' \
 *     -d '{"file_type":"txt","filename":"a.txt","content":"hello world"}' http://127.0.0.1:8000/api/v1/extractions
 * }</pre>
 */
public final class ExtractionsServlet extends JsonServlet {

  private static final long serialVersionUID = 1L;
  private static final Pattern TASK_ID = Pattern.compile("[0-9a-f-]{36}");
  private static final System.Logger LOG = System.getLogger(ExtractionsServlet.class.getName());
  static final String EXTRACTIONS = "/api/v1/extractions";
  static final String EXTRACTION = "/api/v1/extractions/{taskId}";

  private final transient TaskStateStore store;
  private final transient TaskQueue queue;
  private final transient TaskEvents events;

  public ExtractionsServlet(TaskStateStore store, TaskQueue queue, TaskEvents events, int maxBodyBytes) {
    super(maxBodyBytes);
    this.store = store;
    this.queue = queue;
    this.events = events;
  }

  /**
   * Declares the routes this servlet serves under {@code servletName}, so that each has its series at zero from
   * start-up, in place of its mapping patterns.
   */
  public static void initRoutes(ServletContext context, String servletName) {
    ServletMetrics.initRoute(context, servletName, "POST", EXTRACTIONS);
    ServletMetrics.initRoute(context, servletName, "GET", EXTRACTION);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    RouteTemplates.set(req, EXTRACTIONS);
    if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
      throw new ApiException(405, "method_not_allowed", "POST is allowed on /api/v1/extractions only");
    }
    JsonNode body = readJson(req);
    if (!body.isObject()) {
      throw new ApiException(400, "not_an_object", "the body is a JSON object");
    }
    String type = text(body, "file_type").toLowerCase(Locale.ROOT);
    if (!ExtractionPayload.supports(type)) {
      throw new ApiException(400, "unsupported_file_type", "file_type must be one of "
          + ExtractionPayload.FILE_TYPES);
    }
    String filename = text(body, "filename");
    if (filename.isEmpty()) {
      filename = "upload." + type;
    }
    if (filename.length() > 255) {
      throw new ApiException(400, "invalid_filename", "filename is longer than 255 characters");
    }
    String base64;
    if (body.hasNonNull("content_base64")) {
      base64 = text(body, "content_base64");
      try {
        Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "invalid_content", "content_base64 is not base64");
      }
    } else if (body.hasNonNull("content")) {
      base64 = Base64.getEncoder().encodeToString(text(body, "content").getBytes(StandardCharsets.UTF_8));
    } else {
      throw new ApiException(400, "missing_content", "give the file as \"content\" (text) or \"content_base64\"");
    }
    long delay = body.path("delay_ms").asLong(0);
    if (delay < 0 || delay > ExtractionPayload.MAX_DELAY_MS) {
      throw new ApiException(400, "invalid_parameter", "delay_ms must be from 0 to "
          + ExtractionPayload.MAX_DELAY_MS);
    }
    long failAttempts = body.path("fail_attempts").asLong(0);
    if (failAttempts < 0 || failAttempts > ExtractionPayload.MAX_FAIL_ATTEMPTS) {
      throw new ApiException(400, "invalid_parameter", "fail_attempts must be from 0 to "
          + ExtractionPayload.MAX_FAIL_ATTEMPTS);
    }
    Map<String, String> payload = new HashMap<>();
    if (failAttempts > 0) {
      payload.put(ExtractionPayload.FAIL_ATTEMPTS, Long.toString(failAttempts));
    }
    payload.put(ExtractionPayload.FILE_TYPE, type);
    payload.put(ExtractionPayload.FILENAME, filename);
    payload.put(ExtractionPayload.CONTENT_BASE64, base64);
    if (delay > 0) {
      payload.put(ExtractionPayload.DELAY_MS, Long.toString(delay));
    }
    TaskMessage task = TaskMessage.create(TaskNames.EXTRACT_DOCUMENT, payload);
    TaskState queued = TaskState.queued(task.id(), type, filename);
    store.insert(queued);
    try {
      queue.push(QueueNames.EXTRACTION, task);
    } catch (RuntimeException pushFailed) {
      refuse(task, pushFailed);
    }
    events.publish(queued);
    String statusUrl = "/api/v1/extractions/" + task.id();
    resp.setHeader("Location", statusUrl);
    writeJson(resp, 202, Map.of("task_id", task.id(), "status", queued.status(), "status_url", statusUrl));
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    RouteTemplates.set(req, EXTRACTION);
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    String id = path.startsWith("/") ? path.substring(1) : path;
    if (!TASK_ID.matcher(id).matches()) {
      throw new ApiException(404, "not_found", "no extraction task '" + RecordsServlet.abbreviate(id) + "'");
    }
    TaskState state = store.find(id)
        .orElseThrow(() -> new ApiException(404, "not_found", "no extraction task '" + id + "'"));
    ObjectNode out = JSON.valueToTree(state);
    if (state.result() != null) {
      out.set("result", JSON.readTree(state.result()));
    }
    writeJson(resp, 200, out);
  }

  /**
   * The task could not be queued: its state is removed again, so no state exists without its task, and the client
   * is told the submission was not accepted (503, try again). If even the removal fails, the answer says exactly
   * that: a state was stored for a task that is not queued.
   */
  private void refuse(TaskMessage task, RuntimeException pushFailed) {
    LOG.log(System.Logger.Level.WARNING, "extraction " + task.id() + " not queued: " + pushFailed);
    try {
      store.delete(task.id());
    } catch (RuntimeException deleteFailed) {
      LOG.log(System.Logger.Level.WARNING, "extraction " + task.id() + " not queued, and its state could not be"
          + " removed: " + deleteFailed);
      throw new ApiException(500, "submission_incomplete", "the task " + task.id() + " was recorded but could not be"
          + " queued, and the record could not be removed; it will not run: submit it again");
    }
    throw new ApiException(503, "queue_unavailable", "the task queue is unreachable: nothing was stored or queued;"
        + " submit again later");
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return "";
    }
    if (!n.isTextual()) {
      throw new ApiException(400, "invalid_field", field + " must be a string");
    }
    return n.asText();
  }
}
