package io.pybase.sample.allinone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A java.net.http WebSocket client that keeps every text message it receives. */
final class WebSocketRecorder implements WebSocket.Listener, AutoCloseable {

  final List<String> messages = new CopyOnWriteArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  static WebSocketRecorder connect(HttpClient http, String url) throws Exception {
    WebSocketRecorder r = new WebSocketRecorder();
    r.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), r).get(10, TimeUnit.SECONDS);
    return r;
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    synchronized (partial) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public void close() {
    if (socket != null && !socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
          .join();
    }
  }
}
