"""dsl.OneOf of parameter outputs across If / Elif / Else branches."""

from kfp_lite import dsl


@dsl.component
def detect_language() -> str:
    return "en"


@dsl.component
def english_model() -> str:
    return "gs://models/en"


@dsl.component
def german_model() -> str:
    return "gs://models/de"


@dsl.component
def multilingual_model() -> str:
    return "gs://models/multi"


@dsl.component
def serve(model_uri: str):
    print(model_uri)


@dsl.pipeline(name="language-routing")
def language_routing():
    lang = detect_language()
    with dsl.If(lang.output == "en"):
        en = english_model()
    with dsl.Elif(lang.output == "de"):
        de = german_model()
    with dsl.Else():
        multi = multilingual_model()
    serve(model_uri=dsl.OneOf(en.output, de.output, multi.output))


TARGET = language_routing
