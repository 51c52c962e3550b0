"""The project's components, grouped by stage."""
