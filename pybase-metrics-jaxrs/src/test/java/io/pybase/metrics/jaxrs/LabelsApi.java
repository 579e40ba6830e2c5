package io.pybase.metrics.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** A resource interface: its implementation inherits its JAX-RS annotations. */
public interface LabelsApi {

  @GET
  @Path("{labelId}")
  String label(@PathParam("labelId") String labelId);
}
