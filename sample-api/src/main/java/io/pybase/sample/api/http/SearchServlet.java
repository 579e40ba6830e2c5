package io.pybase.sample.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pybase.metrics.servlet.Route;
import io.pybase.sample.queue.TaskQueue;
import io.pybase.sample.task.QueueNames;
import io.pybase.sample.task.SearchPayload;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskNames;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/search?q=&limit=}: a {@code search_records} task for the search worker, answered through the
 * queue. 400 without {@code q}; 504 when the search worker does not answer within the timeout (it is stopped or
 * overloaded).
 *
 * <pre>{@code
 * curl 'http://127.0.0.1:8000/api/v1/search?q=bridge'
 * }</pre>
 */
@Route("/api/v1/search")
public final class SearchServlet extends JsonServlet {

  private static final long serialVersionUID = 1L;

  private final transient TaskQueue queue;
  private final Duration timeout;

  public SearchServlet(TaskQueue queue, Duration timeout) {
    super(0);
    this.queue = queue;
    this.timeout = timeout;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String q = req.getParameter("q");
    if (q == null || q.isBlank()) {
      throw new ApiException(400, "missing_query", "the q parameter is required");
    }
    if (q.length() > 200) {
      throw new ApiException(400, "query_too_long", "q is limited to 200 characters");
    }
    int limit = RecordsServlet.intParam(req, "limit", 10, 1, SearchPayload.MAX_LIMIT);
    TaskMessage ask = TaskMessage.create(TaskNames.SEARCH_RECORDS,
        Map.of(SearchPayload.QUERY, q, SearchPayload.LIMIT, Integer.toString(limit)));
    ask = ask.withReplyTo(ask.id());
    Optional<String> answer;
    try {
      queue.push(QueueNames.SEARCH, ask);
      answer = queue.awaitReply(ask.id(), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted", "the server is stopping");
    } catch (RuntimeException e) {
      throw new ApiException(503, "queue_unavailable", "the search worker's queue is unreachable; try again later");
    }
    if (answer.isEmpty()) {
      throw new ApiException(504, "search_timeout", "the search worker did not answer within " + timeout.toMillis()
          + " ms");
    }
    JsonNode hits = JSON.readTree(answer.get());
    if (hits.has("error")) {
      throw new IllegalStateException("search worker failed: " + hits.get("error").asText());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("query", q);
    out.put("hits", hits);
    writeJson(resp, 200, out);
  }
}
