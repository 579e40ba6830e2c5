package io.pybase.sample.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the API's servlets: JSON in and out, bounded request bodies, and one error format. An
 * {@link ApiException} becomes its status with {@code {"error","message"}}; any other exception becomes
 * {@code 500 {"error":"internal_error"}} (the filter records the 500 either way).
 *
 * <pre>{@code
 * final class HealthServlet extends JsonServlet {
 *   protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
 *     writeJson(resp, 200, Map.of("status", "ok"));
 *   }
 * }
 * }</pre>
 */
public abstract class JsonServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(JsonServlet.class.getName());

  /** The mapper every servlet uses. */
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** Most bytes of an oversized body read and dropped before answering 413. */
  static final long DRAIN_LIMIT = 16L << 20;

  private final int maxBodyBytes;

  /** @param maxBodyBytes the largest request body accepted; larger ones get 413 */
  protected JsonServlet(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    try {
      super.service(req, resp);
    } catch (ApiException e) {
      writeError(resp, e.status(), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, req.getMethod() + " " + req.getRequestURI() + " failed: " + e);
      writeError(resp, 500, "internal_error", "the server failed to handle the request");
    }
  }

  /**
   * The request body parsed as JSON.
   *
   * @throws ApiException 413 when larger than the limit, 400 when empty or not JSON
   */
  protected JsonNode readJson(HttpServletRequest req) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = req.getInputStream()) {
      if (req.getContentLengthLong() > maxBodyBytes) {
        throw tooLarge(in);
      }
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (body.size() + n > maxBodyBytes) {
          throw tooLarge(in);
        }
        body.write(buffer, 0, n);
      }
    }
    if (body.size() == 0) {
      throw new ApiException(400, "empty_body", "a JSON body is required");
    }
    try {
      JsonNode node = JSON.readTree(body.toByteArray());
      if (node == null || node.isMissingNode()) {
        throw new ApiException(400, "malformed_json", "the body is not JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Writes {@code body} as JSON with {@code status}. */
  protected static void writeJson(HttpServletResponse resp, int status, Object body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    JSON.writeValue(resp.getOutputStream(), body);
  }

  /** Writes {@code {"error": code, "message": message}} with {@code status}. */
  protected static void writeError(HttpServletResponse resp, int status, String code, String message)
      throws IOException {
    if (resp.isCommitted()) {
      return;
    }
    resp.reset();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    writeJson(resp, status, body);
  }

  /**
   * The 413 for an oversized body. Up to {@link #DRAIN_LIMIT} bytes of the rest are read and dropped first, so a
   * client that sends its whole body before reading (no {@code Expect: 100-continue}) still gets the answer instead
   * of a reset connection; beyond that the connection is closed.
   */
  private ApiException tooLarge(InputStream in) throws IOException {
    byte[] sink = new byte[8192];
    long drained = 0;
    int n;
    while (drained < DRAIN_LIMIT && (n = in.read(sink)) > 0) {
      drained += n;
    }
    return new ApiException(413, "body_too_large", "the body exceeds " + maxBodyBytes + " bytes");
  }
}
