package io.pybase.metrics.servlet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks the {@code Authorization} header of a scrape against a bearer token and/or basic-auth credentials. Both
 * sides are hashed with SHA-256 and compared with {@link MessageDigest#isEqual}, so the time taken tells nothing about
 * the secret, its length included. The metrics endpoint uses it, and so does any other transport that serves the
 * same metrics (the Spring Boot starter's separate metrics port):
 *
 * <pre>{@code
 * EndpointCredentials credentials = EndpointCredentials.from(ServletMetricsConfig.fromEnvironment());
 * if (!credentials.permits(request.getHeader("Authorization"))) {
 *   response.setHeader("WWW-Authenticate", credentials.challenge());   // and answer 401
 * }
 * }</pre>
 */
public final class EndpointCredentials {

  private static final String BEARER = "Bearer ";
  private static final String BASIC = "Basic ";

  private final byte[] tokenHash;
  private final byte[] basicHash;

  private EndpointCredentials(byte[] tokenHash, byte[] basicHash) {
    this.tokenHash = tokenHash;
    this.basicHash = basicHash;
  }

  /** The credentials {@code config} requires: its bearer token and/or basic-auth user, or none. */
  public static EndpointCredentials from(ServletMetricsConfig config) {
    byte[] token = config.bearerToken() == null ? null : sha256(config.bearerToken());
    byte[] basic = config.username() == null ? null : sha256(config.username() + ":" + config.password());
    return new EndpointCredentials(token, basic);
  }

  /** Whether any credentials are required. */
  public boolean required() {
    return tokenHash != null || basicHash != null;
  }

  /** Whether {@code authorization} (the header value, possibly null) carries the configured credentials. */
  public boolean permits(String authorization) {
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

  /** The {@code WWW-Authenticate} value of a 401. */
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
