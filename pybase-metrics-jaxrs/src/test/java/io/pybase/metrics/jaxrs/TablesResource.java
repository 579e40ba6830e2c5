package io.pybase.metrics.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The routes of the endpoint-label table (see {@code EndpointLabelCases}), relative to the application path. */
@Path("/tables")
public class TablesResource {

  @GET
  @Path("{tableId: [0-9]+}/records/{recordId}")
  public String record(@PathParam("tableId") long tableId, @PathParam("recordId") String recordId) {
    if (recordId.equals("missing")) {
      throw new NotFoundException("no record " + recordId);
    }
    return "record " + tableId + "/" + recordId;
  }

  @GET
  @Path("{tableId}/error")
  public String error() {
    throw new IllegalStateException("failure on purpose");
  }

  @Path("{tableId}/columns")
  public ColumnsResource columns(@PathParam("tableId") String tableId) {
    return new ColumnsResource(tableId);
  }

  /** A sub-resource, reached through the locator above. */
  public static class ColumnsResource {
    private final String tableId;

    ColumnsResource(String tableId) {
      this.tableId = tableId;
    }

    @GET
    @Path("{columnId}")
    public String column(@PathParam("columnId") String columnId) {
      return "column " + tableId + "/" + columnId;
    }
  }
}
