package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** {@code websocket_connections_current} for a Spring WebSocket handler bean, with a real WebSocket client. */
class WebSocketSessionsTest {

  public static class EchoHandler extends TextWebSocketHandler {
    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
      session.sendMessage(message);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableWebSocket
  static class Endpoints implements WebSocketConfigurer {
    private final EchoHandler echo;

    Endpoints(EchoHandler echo) {
      this.echo = echo;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry.addHandler(echo, "/ws/echo");
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Endpoints.class, TestApps.Security.class, TestApps.OwnRegistry.class})
  static class WebSocketApp {
    @Bean
    EchoHandler echoHandler() {
      return new EchoHandler();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableWebSocketMessageBroker
  static class Stomp implements WebSocketMessageBrokerConfigurer {
    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
      registry.addEndpoint("/ws/stomp");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
      registry.enableSimpleBroker("/topic");
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Stomp.class, TestApps.Security.class, TestApps.OwnRegistry.class})
  static class StompApp {
  }

  @Test
  void countsStompSessionsThroughTheTransportsDecorator() throws Exception {
    try (RunningApp app = RunningApp.start(StompApp.class)) {
      WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v12.stomp")
          .buildAsync(URI.create("ws://127.0.0.1:" + app.port + "/ws/stomp"), new WebSocket.Listener() { })
          .get(10, TimeUnit.SECONDS);
      client.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\u0000", true).get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(app.scrape().value("websocket_connections_current")).isEqualTo(1));

      client.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(app.scrape().value("websocket_connections_current")).isEqualTo(0));
      assertThat(app.context.getBean(InstallationReport.class).line()).contains("WebSocket sessions of: STOMP");
    }
  }

  @Test
  void countsOpenSessionsOfAHandlerBeanUpAndBackDown() throws Exception {
    try (RunningApp app = RunningApp.start(WebSocketApp.class)) {
      assertThat(app.scrape().value("websocket_connections_current")).isEqualTo(0);

      WebSocket first = connect(app);
      WebSocket second = connect(app);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(app.scrape().value("websocket_connections_current")).isEqualTo(2));

      first.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
      second.abort();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(app.scrape().value("websocket_connections_current")).isEqualTo(0));
      assertThat(app.context.getBean(EchoHandler.class)).isInstanceOf(EchoHandler.class);
      assertThat(app.context.getBean(InstallationReport.class).line()).contains("WebSocket sessions of: echoHandler");
    }
  }

  @Test
  void countsAHandshakeUnderThePathItsHandlerIsMappedTo() throws Exception {
    try (RunningApp app = RunningApp.start(WebSocketApp.class)) {
      connect(app).sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

      // Spring's handler mapping names the path it matched, as for any request it routes
      app.awaitScrape(scrape -> assertThat(scrape.requests("GET", "/ws/echo", 101)).isEqualTo(1));
      assertThat(app.scrape().requests("GET", "unmatched", 101)).isZero();
    }
  }

  private static WebSocket connect(RunningApp app) throws Exception {
    return HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + app.port + "/ws/echo"), new WebSocket.Listener() { })
        .get(10, TimeUnit.SECONDS);
  }
}
