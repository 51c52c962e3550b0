"""A compiled kfp v2 lightweight component loaded from YAML and wired in a pipeline.

data/normalize_features_v2.yaml was written by compiling a @dsl.component with kfp 2.17.3.
"""

import os

from kfp_lite import components, dsl
from kfp_lite.dsl import Dataset, Input, Output

normalize_features = components.load_component_from_file(
    os.path.join(os.path.dirname(__file__), "data", "normalize_features_v2.yaml")
)


@dsl.component
def load_raw(raw: Output[Dataset]):
    with open(raw.path, "w") as f:
        f.write("a,b\n1,2\n")


@dsl.component
def check(normalized: Input[Dataset], dropped: int):
    print(normalized.path, dropped)


@dsl.pipeline(name="normalize-loaded")
def normalize_loaded(scale: float = 2.0):
    raw = load_raw()
    norm = normalize_features(raw=raw.outputs["raw"], scale=scale, columns=["x", "y", "z"])
    check(normalized=norm.outputs["normalized"], dropped=norm.outputs["Output"])
    normalize_features(raw=raw.outputs["raw"])


TARGET = normalize_loaded
