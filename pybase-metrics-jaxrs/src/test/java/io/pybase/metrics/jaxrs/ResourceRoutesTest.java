package io.pybase.metrics.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.jaxrs.ResourceRoutes.Route;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/** What the annotations alone say about routes: HTTP methods, and where locators lead. */
class ResourceRoutesTest {

  @Test
  void readsEveryHttpMethodAnnotationOfAResourceMethodAndNoneOfALocator() throws Exception {
    assertThat(ResourceRoutes.httpMethods(Tree.class, Tree.class.getMethod("roots"))).containsExactly("GET", "HEAD");
    assertThat(ResourceRoutes.httpMethods(Tree.class, Tree.class.getMethod("node", String.class))).isEmpty();
    assertThat(ResourceRoutes.httpMethods(LabelsResource.class, LabelsResource.class.getMethod("label", String.class)))
        .containsExactly("GET");
  }

  @Test
  void followsATreeOfRecursiveLocatorsOnceAndStops() {
    assertThat(ResourceRoutes.throughLocators(Tree.class)).containsExactlyInAnyOrder(
        new Route("GET", "/tree/{name}"),
        new Route("POST", "/tree/{name}/leaves"),
        new Route("GET", "/tree/{name}/leaves/{leaf}"));
  }

  @Test
  void leavesOutLocatorsWhoseReturnTypeNamesNoResourceClass() {
    assertThat(ResourceRoutes.throughLocators(ItemsResource.class)).isEmpty();
    assertThat(ResourceRoutes.throughLocators(Node.class)).isEmpty();   // no @Path: not a root resource
  }

  @Path("/tree")
  public static class Tree {
    @GET
    @HEAD
    public String roots() {
      return "roots";
    }

    @Path("{name}")
    public Node node(String name) {
      return new Node();
    }
  }

  public static class Node {
    @GET
    public String get() {
      return "node";
    }

    /** Back to itself: a tree of any depth, known only per request. */
    @Path("{child}")
    public Node child(String child) {
      return this;
    }

    @Path("leaves")
    public Leaves leaves() {
      return new Leaves();
    }
  }

  public static class Leaves {
    @POST
    public String add() {
      return "added";
    }

    @GET
    @Path("{leaf}")
    public String leaf(String leaf) {
      return leaf;
    }
  }
}
