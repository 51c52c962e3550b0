"""All six comparison operators between an int task output and int constants."""

from kfp_lite import dsl


@dsl.component
def score_model() -> int:
    return 42


@dsl.component
def report(label: str, score: int):
    print(label, score)


@dsl.pipeline(name="score-thresholds")
def score_thresholds():
    score = score_model()
    with dsl.If(score.output == 42):
        report(label="eq", score=score.output)
    with dsl.If(score.output != 0):
        report(label="ne", score=score.output)
    with dsl.If(score.output < 50):
        report(label="lt", score=score.output)
    with dsl.If(score.output <= 50):
        report(label="le", score=score.output)
    with dsl.If(score.output > 10):
        report(label="gt", score=score.output)
    with dsl.If(score.output >= 10):
        report(label="ge", score=score.output)


TARGET = score_thresholds
