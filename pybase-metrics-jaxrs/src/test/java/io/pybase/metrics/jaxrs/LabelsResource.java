package io.pybase.metrics.jaxrs;

import jakarta.ws.rs.Path;

/** Implements {@link LabelsApi}, declaring no method annotation of its own. */
@Path("/labels")
public class LabelsResource implements LabelsApi {

  @Override
  public String label(String labelId) {
    return "label " + labelId;
  }
}
