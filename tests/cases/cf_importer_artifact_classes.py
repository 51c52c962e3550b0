"""Several importers of different artifact classes in one pipeline (importer, importer-2, ...)."""

from kfp_lite import dsl
from kfp_lite.dsl import HTML, Dataset, Input, Markdown, Metrics, Model


@dsl.component
def build_report(
    data: Input[Dataset],
    model: Input[Model],
    metrics: Input[Metrics],
    page: Input[HTML],
    notes: Input[Markdown],
):
    print(data.uri, model.uri, metrics.uri, page.uri, notes.uri)


@dsl.pipeline(name="import-everything")
def import_everything():
    data = dsl.importer(artifact_uri="gs://b/data.csv", artifact_class=Dataset)
    model = dsl.importer(artifact_uri="gs://b/model.pkl", artifact_class=Model)
    metrics = dsl.importer(artifact_uri="gs://b/metrics.json", artifact_class=Metrics)
    page = dsl.importer(artifact_uri="gs://b/report.html", artifact_class=HTML)
    notes = dsl.importer(artifact_uri="gs://b/notes.md", artifact_class=Markdown)
    build_report(
        data=data.output,
        model=model.output,
        metrics=metrics.output,
        page=page.output,
        notes=notes.output,
    )


TARGET = import_everything
