package io.pybase.metrics.spring.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.test.Exposition;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.WebSocketSession;

/** A fault while tracking a Spring WebSocket session never reaches the connection, and is counted. */
class WebSocketSessionTrackerFaultTest {

  @Test
  void aSessionThatCannotBeTrackedIsCountedAsARecordingErrorAndNeverThrows() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics metrics = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    WebSocketSessionTracker tracker = WebSocketSessionTracker.of(metrics);
    WebSocketSession broken = (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {WebSocketSession.class}, (proxy, method, args) -> {
          throw new IllegalStateException("session broken on purpose: " + method.getName());
        });

    assertThatCode(() -> tracker.opened(broken)).doesNotThrowAnyException();
    assertThatCode(() -> tracker.closed(broken)).doesNotThrowAnyException();

    Exposition scrape = Exposition.of(registry);
    assertThat(scrape.value("pybase_metrics_recording_errors_total")).isEqualTo(2);
    assertThat(scrape.value("websocket_connections_current")).isZero();
    assertThat(scrape.hasSample("websocket_connections_current")).isTrue();
  }
}
