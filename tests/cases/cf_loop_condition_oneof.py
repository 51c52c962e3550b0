"""OneOf inside a loop body, with the If/Else and the consumer in the same iteration."""

from kfp_lite import dsl


@dsl.component
def is_image(path: str) -> bool:
    return path.endswith(".png")


@dsl.component
def describe_image(path: str) -> str:
    return "image " + path


@dsl.component
def describe_text(path: str) -> str:
    return "text " + path


@dsl.component
def index(description: str):
    print(description)


@dsl.pipeline(name="mixed-media-index")
def mixed_media_index():
    with dsl.ParallelFor(["a.png", "b.txt"]) as path:
        kind = is_image(path=path)
        with dsl.If(kind.output == True):  # noqa: E712
            img = describe_image(path=path)
        with dsl.Else():
            txt = describe_text(path=path)
        index(description=dsl.OneOf(img.output, txt.output))


TARGET = mixed_media_index
