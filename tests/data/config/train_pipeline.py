"""The pipeline the run configuration tests configure: a loop, a nested pipeline, constants."""

from kfp_lite import dsl


@dsl.component
def load(rows: int = 3) -> str:
    return "x" * rows


@dsl.component
def train(data: str, epochs: int, lr: float = 0.1) -> float:
    return lr * epochs + len(data)


@dsl.component
def report(score: float, label: str = "run"):
    print(label, score)


@dsl.pipeline
def scoring(text: str, rounds: int = 1) -> float:
    return train(data=text, epochs=rounds).output


@dsl.pipeline(name="train-pipeline")
def train_pipeline(rows: int = 5, name: str = "a", rate: float = 0.5):
    loaded = load(rows=rows)
    fitted = train(data=loaded.output, epochs=23)
    report(score=fitted.output, label=f"rate {rate}")
    with dsl.ParallelFor([1, 2]) as item:
        looped = train(data=name, epochs=item)
        report(score=looped.output)
    nested = scoring(text=name)
    report(score=nested.output, label="nested")
