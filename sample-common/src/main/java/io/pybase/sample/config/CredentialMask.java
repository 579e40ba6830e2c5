package io.pybase.sample.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the passwords that connection URLs carry before a URL (or a driver's message that quotes one) reaches a log
 * line or an error message: the password of a URL's user info ({@code redis://:pw@host},
 * {@code postgresql://user:pw@host}) and the value of a {@code password=} (or {@code pwd=}, {@code secret=},
 * {@code token=}) parameter become {@value #MASK}.
 *
 * <pre>{@code
 * CredentialMask.mask("redis://:TopSecretPw@cache:6379");                        // redis://:***@cache:6379
 * CredentialMask.mask("jdbc:postgresql://db/pybase?user=app&password=TopSecretPw"); // ...&password=***
 * }</pre>
 */
public final class CredentialMask {

  /** What a password is replaced with. */
  public static final String MASK = "***";

  // scheme://[user][:password]@ : the password part is everything after the first ':' of the user info
  private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^:/?#@\\s]*:)([^@/?#\\s]*)@");
  private static final Pattern PARAMETER = Pattern.compile("(?i)\\b(password|pwd|passwd|secret|token)=([^&;\\s']*)");

  private CredentialMask() {}

  /** {@code text} with every password it holds replaced by {@value #MASK}; {@code null} stays {@code null}. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = USER_INFO.matcher(text);
    String out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + (r.group(2).isEmpty() ? "" : MASK) + "@"));
    return PARAMETER.matcher(out).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + "=" + MASK));
  }
}
