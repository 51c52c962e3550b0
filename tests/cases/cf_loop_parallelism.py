"""ParallelFor with a parallelism limit, over constants and over a parameter."""

from typing import List

from kfp_lite import dsl


@dsl.component
def download(url: str) -> str:
    return url.rsplit("/", 1)[-1]


@dsl.pipeline(name="throttled-downloads")
def throttled_downloads(mirrors: List[str] = ["https://a.example/x", "https://b.example/y"]):  # noqa: B006
    with dsl.ParallelFor(["https://c.example/1", "https://c.example/2"], parallelism=1) as url:
        download(url=url)
    with dsl.ParallelFor(mirrors, parallelism=4) as mirror:
        download(url=mirror)


TARGET = throttled_downloads
