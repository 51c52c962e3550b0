"""An inner loop over a task output produced inside the outer loop; outer item used inside."""

from typing import List

from kfp_lite import dsl


@dsl.component
def list_files(folder: str) -> List[str]:
    return [folder + "/1", folder + "/2"]


@dsl.component
def checksum(folder: str, file: str) -> str:
    return folder + file


@dsl.pipeline(name="folder-checksums")
def folder_checksums(folders: List[str] = ["logs", "models"]):  # noqa: B006
    with dsl.ParallelFor(folders) as folder:
        files = list_files(folder=folder)
        with dsl.ParallelFor(files.output) as file:
            checksum(folder=folder, file=file)


TARGET = folder_checksums
