package io.pybase.metrics.spring.websocket;

import io.pybase.metrics.PyBaseMetrics;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

/**
 * Counts the sessions of every application {@link WebSocketHandler} bean in {@code websocket_connections_current}, by
 * advising its {@code afterConnectionEstablished} and {@code afterConnectionClosed}. The Spring Boot starter registers
 * it; by hand:
 *
 * <pre>{@code
 * @Bean
 * static WebSocketMetricsPostProcessor webSocketMetrics(ObjectProvider<PyBaseMetrics> metrics) {
 *   return new WebSocketMetricsPostProcessor(metrics::getObject);
 * }
 * }</pre>
 *
 * <p>A handler class is left alone (and is not counted) when it cannot be proxied safely: a final class, a class with
 * final methods (a class-based proxy would run them on an empty instance) or one of Spring's own (STOMP is counted
 * through its transport's decorator instead). Wrap such a handler in a {@link TrackingWebSocketHandler}.
 */
public final class WebSocketMetricsPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

  private static final long serialVersionUID = 1L;

  private final transient Consumer<String> counted;

  /** @param metrics the catalogue, asked when the first session opens */
  public WebSocketMetricsPostProcessor(Supplier<PyBaseMetrics> metrics) {
    this(metrics, beanName -> { });
  }

  /**
   * @param metrics the catalogue, asked when the first session opens
   * @param counted told the name of each handler bean whose sessions are counted
   */
  public WebSocketMetricsPostProcessor(Supplier<PyBaseMetrics> metrics, Consumer<String> counted) {
    Objects.requireNonNull(metrics, "metrics");
    this.counted = Objects.requireNonNull(counted, "counted");
    setProxyTargetClass(true);
    this.advisor = new DefaultPointcutAdvisor(new SessionEvents(), new SessionCounting(metrics));
  }

  @Override
  protected boolean isEligible(Object bean, String beanName) {
    return bean instanceof WebSocketHandler && safelyProxied(AopUtils.getTargetClass(bean))
        && super.isEligible(bean, beanName);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Object result = super.postProcessAfterInitialization(bean, beanName);
    if (bean instanceof WebSocketHandler && isEligible(bean, beanName)) {
      counted.accept(beanName);
    }
    return result;
  }

  private static boolean safelyProxied(Class<?> type) {
    if (Modifier.isFinal(type.getModifiers()) || type.getName().startsWith("org.springframework.")) {
      return false;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        int mod = m.getModifiers();
        if (Modifier.isFinal(mod) && !Modifier.isStatic(mod) && !Modifier.isPrivate(mod)) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code afterConnectionEstablished(WebSocketSession)} and {@code afterConnectionClosed(WebSocketSession, CloseStatus)}. */
  private static final class SessionEvents extends StaticMethodMatcherPointcut {
    SessionEvents() {
      setClassFilter(WebSocketHandler.class::isAssignableFrom);
    }

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
      Class<?>[] params = method.getParameterTypes();
      return (method.getName().equals("afterConnectionEstablished") && params.length == 1
              && params[0] == WebSocketSession.class)
          || (method.getName().equals("afterConnectionClosed") && params.length == 2
              && params[0] == WebSocketSession.class && params[1] == CloseStatus.class);
    }
  }

  /** Counts the session before the handler sees it open, and after it saw it closed. */
  private static final class SessionCounting implements MethodInterceptor {
    private final Supplier<PyBaseMetrics> metrics;
    private volatile @Nullable WebSocketSessionTracker tracker;

    SessionCounting(Supplier<PyBaseMetrics> metrics) {
      this.metrics = metrics;
    }

    private WebSocketSessionTracker tracker() {
      WebSocketSessionTracker t = tracker;
      if (t == null) {
        t = WebSocketSessionTracker.of(metrics.get());
        tracker = t;
      }
      return t;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
      Object session = invocation.getArguments()[0];
      boolean closing = invocation.getArguments().length == 2;
      if (!closing) {
        opened(session);
        return invocation.proceed();
      }
      try {
        return invocation.proceed();
      } finally {
        closed(session);
      }
    }

    private void opened(Object session) {
      try {
        tracker().opened((WebSocketSession) session);
      } catch (RuntimeException | LinkageError e) {
        // a metrics fault never reaches the connection
      }
    }

    private void closed(Object session) {
      try {
        tracker().closed((WebSocketSession) session);
      } catch (RuntimeException | LinkageError e) {
        // a metrics fault never reaches the connection
      }
    }
  }
}
