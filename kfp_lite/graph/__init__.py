"""Draw a compiled pipeline's DAG: ``spec_to_graph`` reads the IR, the renderers draw it.

Works on the PipelineSpec dict alone (``yaml.safe_load`` of a compiled file, ours or kfp's),
so drawing never needs the compiler::

    from kfp_lite.graph import spec_to_graph, to_mermaid, to_dot
    text = to_mermaid(spec_to_graph(yaml.safe_load(open("pipeline.yaml"))))
"""

from __future__ import annotations

from .build import NotAPipelineSpec, spec_to_graph
from .dot import to_dot
from .mermaid import to_mermaid
from .model import Cluster, Edge, Graph, Node

__all__ = [
    "Cluster",
    "Edge",
    "Graph",
    "Node",
    "NotAPipelineSpec",
    "spec_to_graph",
    "to_dot",
    "to_mermaid",
]
