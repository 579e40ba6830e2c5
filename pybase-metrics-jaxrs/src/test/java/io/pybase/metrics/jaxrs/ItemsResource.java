package io.pybase.metrics.jaxrs;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Routes of every other HTTP method, one template written two ways ({@code {itemId: [0-9]+}} and {@code {itemId}}),
 * and a locator whose declared return type ({@code Object}) does not say what it leads to.
 */
@Path("/items")
public class ItemsResource {

  @POST
  public String create() {
    return "created";
  }

  @PUT
  @Path("{itemId: [0-9]+}")
  public String replace(@PathParam("itemId") long itemId) {
    return "replaced " + itemId;
  }

  @PATCH
  @Path("{itemId}")
  public String update(@PathParam("itemId") String itemId) {
    return "updated " + itemId;
  }

  @DELETE
  @Path("{itemId}")
  public String delete(@PathParam("itemId") String itemId) {
    return "deleted " + itemId;
  }

  /** Known only at run time: the runtime resolves the returned object's class per request. */
  @Path("{itemId}/dynamic")
  public Object dynamic(@PathParam("itemId") String itemId) {
    return new TablesResource.ColumnsResource(itemId);
  }
}
