"""Components made the way larger projects make them: a pre-configured decorator, functions
turned into components by a call, and v1-style file paths."""

import functools
from typing import Dict, List, Optional

from kfp_lite import dsl
from kfp_lite.dsl import InputPath, OutputPath

from ..settings import BASE_IMAGE, DATA_PACKAGES

platform_component = functools.partial(dsl.component, base_image=BASE_IMAGE,
                                       packages_to_install=DATA_PACKAGES)


@platform_component
def download_csv(url: str, output_csv: OutputPath("CSV"), retries: int = 3):
    """Download a CSV file."""
    with open(output_csv, "w") as f:
        f.write(url)


@platform_component
def clean_csv(input_csv: InputPath("CSV"), cleaned: OutputPath("CSV"),
              drop_columns: Optional[List[str]] = None) -> Dict[str, float]:
    with open(input_csv) as src, open(cleaned, "w") as dst:
        dst.write(src.read())
    return {"kept": 1.0}


def _summarize(stats: Dict[str, float], run_id: str) -> str:
    return f"{run_id}: {stats}"


def _count_words(text: str) -> int:
    return len(text.split())


# functions turned into components by calling the decorator, as generated code does
STEPS = {fn.__name__: dsl.component(fn, base_image=BASE_IMAGE) for fn in (_summarize, _count_words)}
summarize = STEPS["_summarize"]
count_words = STEPS["_count_words"]
