package io.pybase.metrics.servlet.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.test.Exposition;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** A fault while tracking a connection, an Error included, never reaches the endpoint that opens or closes it. */
class TrackerFaultTest {

  @Test
  void sessionThatFailsToHashIsServedAndTheFaultCounted() {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    WebSocketConnectionTracker tracker = WebSocketConnectionTracker.of(metrics);
    // a container's session whose hashCode hits a class missing from the classpath
    Session broken = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
        (proxy, method, args) -> {
          throw new NoClassDefFoundError("org/example/container/SessionId");
        });

    assertThatCode(() -> tracker.opened(broken)).doesNotThrowAnyException();
    assertThatCode(() -> tracker.closed(broken)).doesNotThrowAnyException();
    assertThat(tracker.openConnections()).isZero();
    assertThat(metrics.websocket().current()).isZero();
    assertThat(Exposition.of(metrics.registry()).sum("pybase_metrics_recording_errors_total")).isEqualTo(2);
  }
}
