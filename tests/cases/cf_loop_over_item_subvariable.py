"""An inner loop iterating over a list field of the outer loop's dict item.

kfp 2.17.3 fails (AssertionError: component_input_parameter ... not found) when a task in the
inner loop also uses another field of the outer item, so that field is used one level up.
"""

from kfp_lite import dsl


@dsl.component
def run_experiment(size: str):
    print(size)


@dsl.component
def prepare_family(family: str):
    print(family)


@dsl.pipeline(name="model-families")
def model_families():
    families = [
        {"family": "bert", "sizes": [110, 340]},
        {"family": "gpt", "sizes": [125, 350, 760]},
    ]
    with dsl.ParallelFor(families) as family:
        prepare_family(family=family.family)
        with dsl.ParallelFor(family.sizes) as size:
            run_experiment(size=size)


TARGET = model_families
