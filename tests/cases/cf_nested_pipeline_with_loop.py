"""A nested pipeline containing a loop with Collected and a condition."""

from typing import List

from kfp_lite import dsl


@dsl.component
def resize(image: str, width: int) -> str:
    return f"{image}@{width}"


@dsl.component
def bundle(images: List[str]) -> str:
    return ",".join(images)


@dsl.component
def upload(bundle_name: str):
    print(bundle_name)


@dsl.pipeline
def resize_all(images: List[str], width: int) -> str:
    with dsl.ParallelFor(images, parallelism=2) as image:
        resized = resize(image=image, width=width)
    return bundle(images=dsl.Collected(resized.output)).output


@dsl.pipeline(name="thumbnail-builder")
def thumbnail_builder(images: List[str] = ["a.png", "b.png"], publish: bool = True):  # noqa: B006
    bundled = resize_all(images=images, width=128)
    with dsl.If(publish == True):  # noqa: E712
        upload(bundle_name=bundled.output)


TARGET = thumbnail_builder
