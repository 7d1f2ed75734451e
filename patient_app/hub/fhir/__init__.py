"""FHIR R4 resources for the hub, built as plain dicts and validated with fhir.resources (R4B)."""
