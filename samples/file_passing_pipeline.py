"""InputPath/OutputPath file passing: components read and write plain local files."""

from kfp_lite import compiler, dsl
from kfp_lite.dsl import InputPath, OutputPath


@dsl.component
def write_text(text: str, repeat: int, out_path: OutputPath("Dataset")):
    with open(out_path, "w") as f:
        for i in range(repeat):
            f.write(f"{i}: {text}\n")


@dsl.component
def word_count(
    in_path: InputPath("Dataset"), counts_path: OutputPath(dict), total_path: OutputPath(int)
):
    import collections
    import json

    with open(in_path) as f:
        words = f.read().split()
    counts = collections.Counter(words)
    with open(counts_path, "w") as f:
        json.dump(dict(counts), f)
    with open(total_path, "w") as f:
        f.write(str(len(words)))


@dsl.component
def show(counts: dict, total: int):
    for word, n in sorted(counts.items()):
        print(word, n)
    print("total", total)


@dsl.pipeline
def file_passing_pipeline(text: str = "the quick brown fox", repeat: int = 3):
    written = write_text(text=text, repeat=repeat)
    counted = word_count(in_path=written.outputs["out_path"])
    show(counts=counted.outputs["counts_path"], total=counted.outputs["total_path"])


if __name__ == "__main__":
    compiler.Compiler().compile(file_passing_pipeline, "file_passing_pipeline.yaml")
