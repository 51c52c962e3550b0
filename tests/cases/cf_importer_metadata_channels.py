"""dsl.importer metadata holding channels as values and as keys."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, Input


@dsl.component
def current_owner() -> str:
    return "data-team"


@dsl.component
def validate(data: Input[Dataset]):
    print(data.metadata)


@dsl.pipeline(name="import-with-channel-metadata")
def import_with_channel_metadata(
    uri: str = "gs://ml-data/users.parquet", label_key: str = "label", rows: int = 1000
):
    owner = current_owner()
    data = dsl.importer(
        artifact_uri=uri,
        artifact_class=Dataset,
        metadata={
            "owner": owner.output,
            "rows": rows,
            label_key: "churned",
            "source": "warehouse",
        },
    )
    validate(data=data.output)


TARGET = import_with_channel_metadata
