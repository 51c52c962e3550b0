"""Two nested ParallelFor loops, the inner task using both loop items."""

from kfp_lite import dsl


@dsl.component
def evaluate_pair(model: str, dataset: str) -> float:
    return float(len(model) + len(dataset))


@dsl.pipeline(name="model-dataset-matrix")
def model_dataset_matrix():
    with dsl.ParallelFor(["resnet", "vit"]) as model:
        with dsl.ParallelFor(["imagenet", "cifar10", "mnist"]) as dataset:
            evaluate_pair(model=model, dataset=dataset)


TARGET = model_dataset_matrix
