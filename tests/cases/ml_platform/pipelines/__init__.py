"""The project's pipelines."""
