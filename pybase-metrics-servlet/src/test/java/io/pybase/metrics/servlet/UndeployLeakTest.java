package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.test.Exposition;
import io.pybase.metrics.test.LoopbackTomcat;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A web application that carries the library in its own {@code WEB-INF/lib} (core, the servlet module, client_java and
 * the OpenTelemetry API, so exemplars are sampled), deployed to a real Tomcat 11, used, and undeployed while Tomcat
 * keeps running: its class loader is garbage collected. The servlet integration releases what it registered — the
 * default registry's catalogue with its JVM metrics and GC listener, client_java's exemplar scheduler thread — when
 * the context is destroyed.
 */
class UndeployLeakTest {

  private Path war;

  @AfterEach
  void delete() throws IOException {
    WebAppDeployment.delete(war);
  }

  @Test
  void undeployedWebApplicationLeavesNoClassLoaderBehind() throws Exception {
    war = WebAppDeployment.explodedWar("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.1\"/>\n");
    Path lib = Files.createDirectories(war.resolve("WEB-INF/lib"));
    jar(codeSource(PyBaseMetrics.class), lib.resolve("pybase-metrics-core.jar"));
    jar(codeSource(ServletMetrics.class), lib.resolve("pybase-metrics-servlet.jar"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
      String name = new File(entry).getName();
      if (name.endsWith(".jar") && (name.startsWith("prometheus-metrics-") || name.startsWith("opentelemetry-api")
          || name.startsWith("opentelemetry-context") || name.startsWith("opentelemetry-common"))) {
        Files.copy(Path.of(entry), lib.resolve(name));
      }
    }

    Tomcat tomcat = LoopbackTomcat.create();
    tomcat.start();
    try {
      WeakReference<ClassLoader> webAppLoader = deployUseAndUndeploy(tomcat, tomcat.getConnector().getLocalPort());
      for (int i = 0; i < 50 && webAppLoader.get() != null; i++) {
        System.gc();
        Thread.sleep(100);
      }
      assertThat(webAppLoader.get()).as("the undeployed application's class loader").isNull();
    } finally {
      LoopbackTomcat.stop(tomcat);
    }
  }

  /** Deploys the application, checks it records with its own copy of the library, undeploys it. */
  private WeakReference<ClassLoader> deployUseAndUndeploy(Tomcat tomcat, int port) throws Exception {
    StandardContext context = new StandardContext();
    context.setName("/app");
    context.setPath("/app");
    context.setDocBase(war.toString());
    ContextConfig config = new ContextConfig();
    config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
    context.addLifecycleListener(config);
    // the containers' and this module's own initializers are on the test class path; the application brings its own
    context.setContainerSciFilter("org\\.eclipse\\..*|io\\.pybase\\..*");
    context.addLifecycleListener(event -> {
      if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
        Wrapper defaultServlet = context.createWrapper();
        defaultServlet.setName("default");
        defaultServlet.setServletClass(DefaultServlet.class.getName());
        context.addChild(defaultServlet);
        context.addServletMapping("/", "default");
      }
    });
    tomcat.getHost().addChild(context);
    ClassLoader loader = context.getLoader().getClassLoader();
    assertThat(loader.loadClass(PyBaseMetrics.class.getName()).getClassLoader()).isSameAs(loader);

    assertThat(get(port, "/app/no/such/page").statusCode()).isEqualTo(404);
    HttpResponse<String> scrape = get(port, "/app/api/v1/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .contains("http_requests_total{endpoint=\"not_found\",method=\"GET\",status=\"404\"} 1.0")
        .contains("jvm_memory_used_bytes");
    // the test's own catalogue, in this class loader, has seen nothing of it
    assertThat(Exposition.of(io.prometheus.metrics.model.registry.PrometheusRegistry.defaultRegistry)
        .value("http_requests_total", "endpoint", "not_found", "method", "GET", "status", "404")).isZero();

    tomcat.getHost().removeChild(context);
    return new WeakReference<>(loader);
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return RunningApp.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Path codeSource(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Copies {@code classes} to {@code jar}: as it is when it is a jar, else the class directory written as one. */
  private static void jar(Path classes, Path jar) throws IOException {
    if (Files.isRegularFile(classes)) {
      Files.copy(classes, jar);
      return;
    }
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> tree = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) tree.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
  }
}
