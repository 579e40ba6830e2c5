package io.pybase.metrics.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, input 4, in a real JVM with a real environment (a child process): an empty secret never means "no
 * authentication", and an empty {@code -D} never overrides a real value from the environment.
 */
class SecretPrecedenceProcessTest {

  private static final String TOKEN = "PROMETHEUS_METRICS_BEARER_TOKEN";

  /** The child: reads the endpoint settings as every integration does and prints what a scrape would meet. */
  public static void main(String[] args) {
    try {
      ScrapeAuthentication auth = ScrapeAuthentication.of(MetricsEndpointConfig.fromEnvironment());
      System.out.println("required=" + auth.required() + " anonymous=" + auth.permits(null)
          + " s3cret=" + auth.permits("Bearer s3cret") + " other=" + auth.permits("Bearer other"));
    } catch (InvalidConfigurationException e) {
      System.out.println(e.getMessage());
      System.exit(2);
    }
  }

  @Test
  void anEmptySystemPropertyNeverOverridesARealTokenFromTheEnvironment() throws Exception {
    assertThat(child(Map.of(TOKEN, "s3cret"), "-Dprometheus.metrics.bearer.token="))
        .isEqualTo("0 required=true anonymous=false s3cret=true other=false");
    assertThat(child(Map.of(TOKEN, "s3cret"), "-Dprometheus.metrics.bearer.token=   "))
        .isEqualTo("0 required=true anonymous=false s3cret=true other=false");
  }

  @Test
  void aRealSystemPropertyWinsOverTheEnvironmentAsDocumented() throws Exception {
    assertThat(child(Map.of(TOKEN, "s3cret"), "-Dprometheus.metrics.bearer.token=other"))
        .isEqualTo("0 required=true anonymous=false s3cret=false other=true");
  }

  @Test
  void anEmptySecretFromEitherSourceStopsStartUpWithOneLineNamingIt() throws Exception {
    String refused = "2 Invalid PROMETHEUS_METRICS_BEARER_TOKEN: it is set but empty; give a non-empty value, or "
        + "unset it (environment variable and -Dprometheus.metrics.bearer.token) to turn that authentication off";
    assertThat(child(Map.of(), "-Dprometheus.metrics.bearer.token=")).isEqualTo(refused);
    assertThat(child(Map.of(TOKEN, ""))).isEqualTo(refused);
    assertThat(child(Map.of(TOKEN, "   "))).isEqualTo(refused);
    assertThat(child(Map.of(TOKEN, ""), "-Dprometheus.metrics.bearer.token= ")).isEqualTo(refused);
  }

  /** Runs {@link #main} in a new JVM with {@code env} added and {@code jvmOptions}; its exit code and output. */
  private static String child(Map<String, String> env, String... jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SecretPrecedenceProcessTest.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("PROMETHEUS_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM did not finish in 60 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return process.exitValue() + " " + output;
  }
}
