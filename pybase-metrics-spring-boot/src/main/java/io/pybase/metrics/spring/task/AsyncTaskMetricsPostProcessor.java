package io.pybase.metrics.spring.task;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.TaskRecorder;
import io.pybase.metrics.TaskStatus;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;
import org.springframework.util.ClassUtils;

/**
 * Records every execution of an {@code @Async} method as a task named {@code Class.method}
 * ({@code celery_task_total{task_name="ReportService.generate",status}}, {@code celery_task_duration_seconds},
 * {@code celery_active_workers}), whichever executor runs it. Register it as a bean (the Spring Boot starter does so
 * when the application has {@code @EnableAsync}):
 *
 * <pre>{@code
 * @Bean
 * static AsyncTaskMetricsPostProcessor asyncTaskMetrics(ObjectProvider<PyBaseMetrics> metrics) {
 *   return new AsyncTaskMetricsPostProcessor(metrics::getObject);
 * }
 * }</pre>
 *
 * <p>It adds its interceptor to the proxies {@code @EnableAsync} creates, right inside Spring's async interceptor, so
 * it runs on the executor's thread around the method itself: the duration excludes the queue wait, and an exception
 * the method throws counts as a {@code failure} even for a {@code void} method (whose exception Spring hands to the
 * {@code AsyncUncaughtExceptionHandler}); a returned {@code Future} already completed with an exception is a failure
 * too. It creates no proxy of its own and changes no result or exception. An executor decorated by
 * {@link MetricsTaskDecorator} does not count the same execution a second time.
 */
public final class AsyncTaskMetricsPostProcessor implements BeanPostProcessor {

  private final AsyncTaskInterceptor interceptor;

  /**
   * @param metrics the catalogue, asked on the first {@code @Async} call (post-processors are created before other
   *     beans)
   */
  public AsyncTaskMetricsPostProcessor(Supplier<PyBaseMetrics> metrics) {
    this(metrics, null);
  }

  /**
   * Records the active gauge under {@code workerName}, e.g. a Spring property's value:
   * {@code new AsyncTaskMetricsPostProcessor(metrics::getObject, "reports")}.
   *
   * @param metrics the catalogue, asked on the first {@code @Async} call
   * @param workerName the {@code worker_name} of {@code celery_active_workers}; {@code null}: {@code WORKER_NAME}
   */
  public AsyncTaskMetricsPostProcessor(Supplier<PyBaseMetrics> metrics, @Nullable String workerName) {
    this.interceptor = new AsyncTaskInterceptor(
        new TaskRecording(Objects.requireNonNull(metrics, "metrics"), workerName));
  }

  /** Adds the interceptor after Spring's async advisor of {@code bean}, if it has one. */
  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof Advised advised)) {
      return bean;
    }
    if (advised.isFrozen()) {
      return bean;
    }
    Advisor[] advisors = advised.getAdvisors();
    for (Advisor advisor : advisors) {
      if (advisor.getAdvice() == interceptor) {
        return bean;
      }
    }
    for (int i = 0; i < advisors.length; i++) {
      if (advisors[i] instanceof AsyncAnnotationAdvisor async) {
        advised.addAdvisor(i + 1, new DefaultPointcutAdvisor(async.getPointcut(), interceptor));
        return bean;
      }
    }
    return bean;
  }

  /** Times the {@code @Async} method on the executor's thread. */
  private static final class AsyncTaskInterceptor implements MethodInterceptor {
    private final TaskRecording recording;
    private final ConcurrentHashMap<Class<?>, ConcurrentHashMap<Method, TaskRecorder>> recorders =
        new ConcurrentHashMap<>();

    AsyncTaskInterceptor(TaskRecording recording) {
      this.recording = recording;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
      boolean ownActive = !TaskRecording.claimDecorated() && recording.started();
      long start = System.nanoTime();
      TaskStatus status = TaskStatus.FAILURE;
      try {
        Object result = invocation.proceed();
        status = TaskRecording.outcome(result);
        return result;
      } finally {
        long elapsed = System.nanoTime() - start;
        if (ownActive) {
          recording.ended();
        }
        if (status != null) {
          recording.finished(recorder(invocation), status, elapsed);
        }
      }
    }

    /** {@code Class.method} of the invoked target; resolved once per class and method. */
    private @Nullable TaskRecorder recorder(MethodInvocation invocation) {
      try {
        Object target = invocation.getThis();
        Class<?> type = ClassUtils.getUserClass(
            target != null ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass());
        Method method = invocation.getMethod();
        ConcurrentHashMap<Method, TaskRecorder> byMethod = recorders.get(type);
        TaskRecorder recorder = byMethod == null ? null : byMethod.get(method);
        if (recorder != null) {
          return recorder;
        }
        recorder = recording.task(type.getSimpleName() + "." + method.getName());
        if (recorder != null) {
          recorders.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).putIfAbsent(method, recorder);
        }
        return recorder;
      } catch (RuntimeException | LinkageError e) {
        recording.fault(e);
        return null;
      }
    }
  }
}
