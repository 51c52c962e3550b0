"""String type names in InputPath/OutputPath: 'Dataset', 'Model', 'Integer', 'String', unknown ones.

kfp accepts the v1 spelling of parameter type names here ('Integer', 'String', 'Float',
'Boolean', 'Dict', 'List'); an unknown capitalised name ('CSV') becomes system.Artifact.
"""

from kfp_lite import dsl
from kfp_lite.dsl import InputPath, OutputPath


@dsl.component
def typed_by_name(
    data: InputPath("Dataset"),
    number: InputPath("Integer"),
    text: InputPath("String"),
    blob: InputPath("CSV"),
    flag: InputPath("Boolean"),
    items: InputPath("List"),
    model: OutputPath("Model"),
    total: OutputPath("Float"),
    result: OutputPath("Dict"),
):
    with open(model, "w") as f:
        f.write(data + number + text + blob + flag + items)
    with open(total, "w") as f:
        f.write("1.5")
    with open(result, "w") as f:
        f.write("{}")


TARGET = typed_by_name
