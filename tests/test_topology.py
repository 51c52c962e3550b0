"""Cross-group rules that kfp enforces only partly: an output made inside one branch of an
If/Elif/Else chain cannot be used after the chain, also when the chain has several branches
(kfp misses that case and writes a spec that reads an output nobody surfaces)."""

from __future__ import annotations

from kfp_lite import compiler, dsl
from kfp_lite.diagnostics import CompileError


@dsl.component
def make() -> str:
    return "x"


@dsl.component
def use(text: str):
    print(text)


def errors_of(pipeline) -> list:
    try:
        compiler.compile_documents(pipeline)
    except CompileError as exc:
        return [d for d in exc.diagnostics if d.is_error]
    return []


def test_output_of_a_branch_used_after_an_if_else_chain():
    @dsl.pipeline
    def p(flag: bool = True):
        with dsl.If(flag == True):  # noqa: E712
            made = make()
        with dsl.Else():
            make()
        use(text=made.output)

    errors = errors_of(p)
    assert [d.code for d in errors] == ["KFL304"]
    assert "inside a dsl.If ('condition-2')" in errors[0].message
    assert "OneOf" in errors[0].hint


def test_output_of_a_lone_if_used_after_it():
    @dsl.pipeline
    def p(flag: bool = True):
        with dsl.If(flag == True):  # noqa: E712
            made = make()
        use(text=made.output)

    assert [d.code for d in errors_of(p)] == ["KFL304"]


def test_oneof_of_the_branches_is_fine():
    @dsl.pipeline
    def p(flag: bool = True):
        with dsl.If(flag == True):  # noqa: E712
            a = make()
        with dsl.Else():
            b = make()
        use(text=dsl.OneOf(a.output, b.output))

    assert errors_of(p) == []


def test_dict_field_hidden_by_an_item_attribute_warns_and_subscript_reads_it():
    @dsl.pipeline
    def p():
        with dsl.ParallelFor([{"name": "bert", "size": "base"}]) as model:
            use(text=model["name"])

    result = compiler.compile_documents(p)
    warnings = [d for d in result.diagnostics if d.code == "KFL309"]
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "item['name']" in warnings[0].hint
    task = result.pipeline_spec["components"]["comp-for-loop-2"]["dag"]["tasks"]["use"]
    selector = task["inputs"]["parameters"]["text"]["parameterExpressionSelector"]
    assert selector == 'parseJson(string_value)["name"]'


def test_a_pipeline_using_itself_is_a_cycle_not_an_internal_error():
    @dsl.pipeline
    def itself(n: int = 1):
        use(text="x")
        itself(n=n)

    errors = errors_of(itself)
    assert [d.code for d in errors] == ["KFL303"]
    assert "uses itself as a task" in errors[0].message
