package io.pybase.metrics.spring.boot;

import io.pybase.metrics.worker.WorkerNames;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.ConnectionPoolStats;
import io.pybase.metrics.httpserver.MetricsServerConfig;
import io.pybase.metrics.servlet.MetricsEndpointServlet;
import io.pybase.metrics.servlet.PyBaseMetricsFilter;
import io.pybase.metrics.servlet.ServletMetrics;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import io.pybase.metrics.spring.task.AsyncTaskMetricsPostProcessor;
import io.pybase.metrics.spring.task.MetricsTaskDecorator;
import io.pybase.metrics.spring.websocket.TrackingWebSocketHandler;
import io.pybase.metrics.spring.websocket.WebSocketMetricsPostProcessor;
import io.pybase.metrics.worker.quartz.MetricsJobListener;
import jakarta.servlet.DispatcherType;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.AsyncAnnotationBeanPostProcessor;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * Adds PyBase metrics to a Spring Boot 3.5 or 4.0 application by its dependency alone: the HTTP filter first in the
 * servlet filter chain, the metrics endpoint, Spring MVC route templates, WebSocket session counting, HikariCP pool
 * gauges, {@code @Async} and Quartz task metrics, with settings from {@code pybase.metrics.*} (or the library's
 * {@code PROMETHEUS_*} variables). It logs one INFO line saying what it installed.
 *
 * <p>Only types present in both Boot lines are referenced ({@code FilterRegistrationBean},
 * {@code ServletRegistrationBean}, the {@code @Conditional*} annotations); optional integrations sit in nested
 * configurations guarded by {@code @ConditionalOnClass}. Define a {@link PyBaseMetrics} bean to record into a
 * registry of your own (the default is client_java's default registry, not Actuator's, so nothing clashes):
 *
 * <pre>{@code
 * @Bean
 * PyBaseMetrics pyBaseMetrics(PyBaseMetricsConfig config) {
 *   return PyBaseMetrics.register(new PrometheusRegistry(), config);
 * }
 * }</pre>
 */
@AutoConfiguration(beforeName = {
    "org.springframework.boot.autoconfigure.web.servlet.HttpEncodingAutoConfiguration",
    "org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration"})
public class PyBaseMetricsAutoConfiguration {

  /** Order of the parts of the INFO line. */
  static final int FILTER = 10;
  static final int ENDPOINT = 20;
  static final int EXCLUDED = 30;
  static final int TEMPLATES = 40;
  static final int POOLS = 50;
  static final int ASYNC = 60;
  static final int QUARTZ = 70;
  static final int WEBSOCKET = 80;

  private static final String ACTUATOR = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static InstallationReport pyBaseMetricsInstallationReport() {
    return new InstallationReport();
  }

  /** The library's settings: {@code pybase.metrics.*}, else the {@code PROMETHEUS_*} variables. */
  @Bean
  @ConditionalOnMissingBean
  PyBaseMetricsConfig pyBaseMetricsConfig(Environment environment, InstallationReport report) {
    SpringConfigSource source = new SpringConfigSource(environment);
    PyBaseMetricsConfig config;
    try {
      config = PyBaseMetricsConfig.from(source);
    } catch (InvalidConfigurationException e) {
      throw source.explain(e);
    }
    if (!config.enabled()) {
      report.off(PyBaseMetricsProperties.springKey(PyBaseMetricsConfig.ENABLED) + "=false");
    }
    return config;
  }

  /** The catalogue, on client_java's default registry. */
  @Bean
  @ConditionalOnMissingBean
  PyBaseMetrics pyBaseMetrics(PyBaseMetricsConfig config) {
    return PyBaseMetrics.register(PrometheusRegistry.defaultRegistry, config);
  }

  /** The HTTP side: filter, endpoint (or its own server), exclusions. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class ServletWebConfiguration {

    /** The endpoint's settings; {@code /actuator/*} is added to the excluded paths when Actuator shares the port. */
    @Bean
    @ConditionalOnMissingBean
    ServletMetricsConfig pyBaseServletMetricsConfig(Environment environment) {
      SpringConfigSource source = new SpringConfigSource(environment);
      try {
        ServletMetricsConfig.from(source);   // the user's values alone first, so a message shows only theirs
        String actuator = actuatorPrefix(environment);
        ConfigSource withActuator = actuator == null ? source : variable -> {
          String value = source.get(variable);
          if (!ServletMetricsConfig.EXCLUDED_PATHS.equals(variable)) {
            return value;
          }
          return value == null || value.isBlank() ? actuator : value + "," + actuator;
        };
        return ServletMetricsConfig.from(withActuator);
      } catch (InvalidConfigurationException e) {
        throw source.explain(e);
      }
    }

    @Bean
    @ConditionalOnMissingBean(name = ServletMetrics.FILTER_NAME)
    FilterRegistrationBean<PyBaseMetricsFilter> pybaseMetricsFilter(PyBaseMetrics metrics,
        ServletMetricsConfig servlet, InstallationReport report) {
      FilterRegistrationBean<PyBaseMetricsFilter> registration =
          new FilterRegistrationBean<>(new PyBaseMetricsFilter(metrics, servlet));
      registration.setName(ServletMetrics.FILTER_NAME);
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      registration.setDispatcherTypes(DispatcherType.REQUEST);
      registration.setAsyncSupported(true);
      registration.addUrlPatterns("/*");
      registration.setEnabled(metrics.config().enabled());
      report.add(FILTER, "HTTP filter first in the chain on /* (REQUEST, async)");
      report.add(TEMPLATES, "route templates from Spring MVC");
      if (!servlet.excludedPaths().isEmpty() || servlet.excludeMetricsEndpoint()) {
        StringBuilder excluded = new StringBuilder("not counted: ");
        for (String path : servlet.excludedPaths()) {
          excluded.append(path).append(", ");
        }
        report.add(EXCLUDED, excluded.append(servlet.metricsPath()).toString());
      }
      return registration;
    }

    /** The endpoint on the application's port, unless the metrics have a port of their own. */
    @Bean
    @ConditionalOnMissingBean(name = ServletMetrics.ENDPOINT_NAME)
    ServletRegistrationBean<MetricsEndpointServlet> pybaseMetricsEndpoint(PyBaseMetrics metrics,
        ServletMetricsConfig servlet, MetricsServerLifecycle server, InstallationReport report) {
      String path = servlet.metricsPath();
      ServletRegistrationBean<MetricsEndpointServlet> registration =
          new ServletRegistrationBean<>(new MetricsEndpointServlet(metrics, servlet), path);
      registration.setName(ServletMetrics.ENDPOINT_NAME);
      registration.setAsyncSupported(true);
      boolean ownPort = server.hasOwnPort();
      registration.setEnabled(!ownPort);
      if (!ownPort) {
        report.add(ENDPOINT, "endpoint " + path + " (" + protection(servlet) + ")");
      }
      return registration;
    }

    /**
     * The metrics' own server (pybase-metrics-httpserver), when {@code pybase.metrics.server.port} is set: the
     * endpoint's path and credentials, the {@code pybase.metrics.server.*} settings.
     */
    @Bean
    MetricsServerLifecycle pybaseMetricsServer(PyBaseMetrics metrics, ServletMetricsConfig servlet,
        ConfigurableEnvironment environment, InstallationReport report) {
      SpringConfigSource source = new SpringConfigSource(environment);
      MetricsServerConfig config;
      try {
        config = MetricsServerConfig.besideApplication(source,
            servlet.endpoint().toBuilder().path(servlet.metricsPath()).build()).orElse(null);
      } catch (InvalidConfigurationException e) {
        throw source.explain(e);
      }
      if (config != null) {
        report.add(ENDPOINT, "endpoint " + config.metricsPath() + " on its own server, port "
            + (config.port() == 0 ? "any free" : config.port()) + ", " + config.threads() + " threads ("
            + protection(servlet) + ")");
      }
      return new MetricsServerLifecycle(metrics, config,
          source.settingName(PyBaseMetricsProperties.SERVER_PORT), environment);
    }

    private static String protection(ServletMetricsConfig servlet) {
      if (servlet.endpoint().bearerToken() != null && servlet.endpoint().username() != null) {
        return "bearer token or basic auth";
      }
      if (servlet.endpoint().bearerToken() != null) {
        return "bearer token";
      }
      return servlet.endpoint().username() != null ? "basic auth" : "no auth";
    }

    /**
     * {@code <servlet path><actuator base path>/*} when Actuator is present and serves on the application's port;
     * {@code null} otherwise (or when Actuator sits at the root, which would exclude everything).
     */
    static @Nullable String actuatorPrefix(Environment environment) {
      if (!ClassUtils.isPresent(ACTUATOR, PyBaseMetricsAutoConfiguration.class.getClassLoader())) {
        return null;
      }
      String managementPort = environment.getProperty("management.server.port");
      if (managementPort != null && (managementPort.trim().equals("0")
          || !managementPort.trim().equals(environment.getProperty("server.port", "8080").trim()))) {
        return null;   // Actuator has a port of its own (0: a free one): /actuator/* here is the application's
      }
      String base = trimSlash(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
      if (base.isEmpty()) {
        return null;
      }
      String servletPath = trimSlash(environment.getProperty("spring.mvc.servlet.path", "/"));
      return servletPath + base + "/*";
    }

    static String trimSlash(String path) {
      String p = path.trim();
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }
  }

  /** Every Spring MVC route's series at zero from start-up ({@link RequestMappingRoutes}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping")
  static class SpringMvcRoutesConfiguration {

    @Bean
    RequestMappingRoutes pyBaseMetricsSpringMvcRoutes(ApplicationContext context, PyBaseMetrics metrics,
        ServletMetricsConfig servlet, Environment environment, InstallationReport report) {
      return new RequestMappingRoutes(context, metrics.http(), servlet,
          ServletWebConfiguration.trimSlash(environment.getProperty("spring.mvc.servlet.path", "/")),
          environment.getProperty("server.error.path", "/error"), report);
    }
  }

  /** {@code db_pool_connections{pool,state}} and {@code db_pool_connections_max{pool}} for HikariCP data sources. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HikariDataSource.class)
  static class HikariConfiguration {

    @Bean
    static BeanPostProcessor pyBaseMetricsHikariPools(ObjectProvider<PyBaseMetrics> metrics,
        InstallationReport report) {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (bean instanceof DataSource dataSource) {
            HikariDataSource hikari = hikari(dataSource);
            if (hikari != null) {
              String pool = hikari.getPoolName() != null ? hikari.getPoolName() : beanName;
              metrics.getObject().connectionPool(pool, poolStats(hikari));
              report.item(POOLS, "DB pool gauges", pool);
            }
          }
          return bean;
        }
      };
    }

    private static @Nullable HikariDataSource hikari(DataSource dataSource) {
      if (dataSource instanceof HikariDataSource hikari) {
        return hikari;
      }
      try {
        return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
      } catch (SQLException | RuntimeException e) {
        return null;
      }
    }

    /** Read at scrape time; a pool not started yet (Hikari starts on the first connection) has no connections. */
    static ConnectionPoolStats poolStats(HikariDataSource hikari) {
      return ConnectionPoolStats.of(
          () -> read(hikari, HikariPoolMXBean::getActiveConnections),
          () -> read(hikari, HikariPoolMXBean::getIdleConnections),
          () -> read(hikari, HikariPoolMXBean::getThreadsAwaitingConnection),
          hikari::getMaximumPoolSize);
    }

    private static int read(HikariDataSource hikari, java.util.function.ToIntFunction<HikariPoolMXBean> value) {
      HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
      return pool == null ? 0 : value.applyAsInt(pool);
    }
  }

  /**
   * {@code pybase.metrics.worker-name} (or {@code WORKER_NAME}): the {@code worker_name} of the task gauges of
   * {@code @Async} methods, Boot's task executor and Quartz jobs, and the task name of plain executor tasks.
   */
  static String workerName(Environment environment) {
    SpringConfigSource source = new SpringConfigSource(environment);
    try {
      return WorkerNames.fromSource(source);
    } catch (InvalidConfigurationException e) {
      throw source.explain(e);
    }
  }

  /** Every Quartz scheduler bean gets a {@link MetricsJobListener}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Scheduler.class)
  static class QuartzConfiguration {

    @Bean
    static BeanPostProcessor pyBaseMetricsQuartzListener(ObjectProvider<PyBaseMetrics> metrics,
        Environment environment, InstallationReport report) {
      String worker = workerName(environment);
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          Scheduler scheduler = scheduler(bean);
          if (scheduler != null) {
            try {
              MetricsJobListener.builder().metrics(metrics.getObject()).workerName(worker).register(scheduler);
              report.item(QUARTZ, "Quartz job metrics", beanName);
            } catch (SchedulerException | RuntimeException e) {
              report.item(QUARTZ, "Quartz job metrics", beanName + " (not installed: " + e.getMessage() + ")");
            }
          }
          return bean;
        }
      };
    }

    /**
     * The scheduler of a {@code Scheduler} bean, or of a factory bean making one (Spring's {@code SchedulerFactoryBean},
     * which creates and starts it without anyone asking the factory for it).
     */
    static @Nullable Scheduler scheduler(Object bean) {
      if (bean instanceof Scheduler scheduler) {
        return scheduler;
      }
      if (bean instanceof FactoryBean<?> factory) {
        Class<?> type = factory.getObjectType();
        if (type != null && Scheduler.class.isAssignableFrom(type)) {
          try {
            Object made = factory.getObject();
            return made instanceof Scheduler scheduler ? scheduler : null;
          } catch (Exception e) {
            return null;
          }
        }
      }
      return null;
    }
  }

  /** {@code @Async} methods (and, without a decorator of the application's own, Boot's task executor). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(AsyncAnnotationBeanPostProcessor.class)   // by type: its bean name differs in Spring 6 and 7
  static class AsyncConfiguration {

    @Bean
    static AsyncTaskMetricsPostProcessor pyBaseMetricsAsyncTasks(ObjectProvider<PyBaseMetrics> metrics,
        Environment environment, InstallationReport report) {
      report.add(ASYNC, "@Async task metrics");
      Supplier<PyBaseMetrics> catalogue = metrics::getObject;
      return new AsyncTaskMetricsPostProcessor(catalogue, workerName(environment));
    }

    @Bean
    @ConditionalOnMissingBean(TaskDecorator.class)
    MetricsTaskDecorator pyBaseMetricsTaskDecorator(PyBaseMetrics metrics, Environment environment,
        InstallationReport report) {
      report.add(ASYNC, "task decorator for Boot's task executor");
      String worker = workerName(environment);
      return new MetricsTaskDecorator(metrics, worker, worker);
    }

  }

  /** Sessions of Spring WebSocket handlers, plain and STOMP. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.socket.WebSocketHandler")
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class WebSocketConfiguration {

    @Bean
    static WebSocketMetricsPostProcessor pyBaseMetricsWebSocketHandlers(ObjectProvider<PyBaseMetrics> metrics,
        InstallationReport report) {
      return new WebSocketMetricsPostProcessor(metrics::getObject,
          handler -> report.item(WEBSOCKET, "WebSocket sessions of", handler));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.messaging.simp.config.ChannelRegistration")
    static class StompConfiguration {

      @Bean
      WebSocketMessageBrokerConfigurer pyBaseMetricsStompSessions(ObjectProvider<PyBaseMetrics> metrics,
          InstallationReport report) {
        return new WebSocketMessageBrokerConfigurer() {
          @Override
          public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
            report.item(WEBSOCKET, "WebSocket sessions of", "STOMP");
            registration.addDecoratorFactory(handler -> new TrackingWebSocketHandler(handler, metrics.getObject()));
          }
        };
      }
    }
  }
}
