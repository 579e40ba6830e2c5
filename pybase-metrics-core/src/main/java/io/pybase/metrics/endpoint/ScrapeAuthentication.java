package io.pybase.metrics.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Checks the {@code Authorization} header of a scrape against a {@link MetricsEndpointConfig}'s bearer token and
 * basic-auth credentials: the one check every transport applies. Both sides are hashed with SHA-256 and compared
 * with {@link MessageDigest#isEqual}, so the time taken tells nothing about the secret, its length included.
 *
 * <pre>{@code
 * ScrapeAuthentication auth = ScrapeAuthentication.of(endpointConfig);
 * if (!auth.permits(request.getHeader("Authorization"))) {
 *   response.setHeader("WWW-Authenticate", auth.challenge());
 *   response.sendError(401);
 * }
 * }</pre>
 */
public final class ScrapeAuthentication {

  private static final String BEARER = "Bearer ";
  private static final String BASIC = "Basic ";

  private final byte @Nullable [] tokenHash;
  private final byte @Nullable [] basicHash;

  private ScrapeAuthentication(byte @Nullable [] tokenHash, byte @Nullable [] basicHash) {
    this.tokenHash = tokenHash;
    this.basicHash = basicHash;
  }

  /** The check {@code config} asks for (none when it has no credentials). */
  public static ScrapeAuthentication of(MetricsEndpointConfig config) {
    byte[] token = config.bearerToken() == null ? null : sha256(config.bearerToken());
    byte[] basic = config.username() == null ? null
        : sha256(config.username() + ":" + config.password());
    return new ScrapeAuthentication(token, basic);
  }

  /** Whether a scrape must carry credentials. */
  public boolean required() {
    return tokenHash != null || basicHash != null;
  }

  /** Whether {@code authorization} (the header value, {@code null} when absent) carries the configured credentials. */
  public boolean permits(@Nullable String authorization) {
    if (!required()) {
      return true;
    }
    if (authorization == null) {
      return false;
    }
    if (tokenHash != null && startsWithIgnoreCase(authorization, BEARER)) {
      return MessageDigest.isEqual(tokenHash, sha256(authorization.substring(BEARER.length()).trim()));
    }
    if (basicHash != null && startsWithIgnoreCase(authorization, BASIC)) {
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim());
      } catch (IllegalArgumentException e) {
        return false;
      }
      return MessageDigest.isEqual(basicHash, sha256(decoded));
    }
    return false;
  }

  /** The {@code WWW-Authenticate} value of a 401: basic when basic credentials are set, else bearer. */
  public String challenge() {
    if (basicHash != null) {
      return "Basic realm=\"metrics\", charset=\"UTF-8\"";
    }
    return "Bearer realm=\"metrics\"";
  }

  private static boolean startsWithIgnoreCase(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static byte[] sha256(String value) {
    return sha256(value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
