"""Factory-style components (tests/cases/ml_platform/components/factory.py): a
functools.partial decorator, components made by calling dsl.component on plain functions,
InputPath/OutputPath with v1 type names, Optional list parameters, the job id placeholder,
accelerator settings from parameters, If/Elif/Else on a parameter."""

from ml_platform.components.factory import clean_csv, count_words, download_csv, summarize

from kfp_lite import dsl


@dsl.pipeline(name="factory-style")
def factory_style(url: str = "https://example.com/data.csv", accelerator: str = "NVIDIA_TESLA_T4",
                  gpus: int = 1, mode: str = "full"):
    downloaded = download_csv(url=url)
    cleaned = clean_csv(input_csv=downloaded.outputs["output_csv"])
    cleaned.set_accelerator_type(accelerator).set_accelerator_limit(gpus)
    cleaned.after(downloaded)
    with dsl.If(mode == "full"):
        summary = summarize(stats=cleaned.outputs["Output"], run_id=dsl.PIPELINE_JOB_ID_PLACEHOLDER)
        count_words(text=summary.output).set_caching_options(enable_caching=False)
    with dsl.Elif(mode == "quick"):
        count_words(text=url)
    with dsl.Else():
        summarize(stats={"skipped": 0.0}, run_id=dsl.PIPELINE_TASK_NAME_PLACEHOLDER)


TARGET = factory_style
