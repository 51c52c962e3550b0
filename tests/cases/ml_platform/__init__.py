"""A pipeline project laid out the way teams lay theirs out: shared settings, component modules,
pipeline modules and checked-in component specs. The corpus files ``realistic_*.py`` compile
its pipelines."""
