"""@dsl.component(output_component_file=...) writes the component YAML at import; load it back.

The file goes to a temporary directory (removed again) so importing this case never writes into the repository.
"""

import os
import tempfile

from kfp_lite import components, dsl

with tempfile.TemporaryDirectory(prefix="cf-output-file-") as _tmp:
    _out = os.path.join(_tmp, "square.yaml")

    @dsl.component(base_image="python:3.11-slim", output_component_file=_out)
    def square(x: float) -> float:
        return x * x

    square_from_file = components.load_component_from_file(_out)


@dsl.pipeline(name="square-from-file")
def square_from_file_pipeline(x: float = 3.0):
    first = square(x=x)
    square_from_file(x=first.output)


TARGET = square_from_file_pipeline
