"""Check-pass scenario: argument types, constants, values that cannot be rendered,
passthroughs, dsl.OneOf / dsl.Collected and cycles, all in one pipeline per concern."""

from typing import List, NamedTuple

from kfp_lite import dsl
from kfp_lite.dsl import Artifact, Dataset, Input, Model, Output


class Amount:
    """A type of this file's own, so that the materializer below handles nothing else."""


class AmountText(dsl.Materializer):
    types = (Amount,)

    def save(self, value, path):
        with open(path, "w") as handle:
            handle.write(str(value))

    def load(self, path):
        with open(path) as handle:
            return handle.read()


class Opaque:
    def __repr__(self) -> str:
        return "Opaque()"


@dsl.component
def text(x: str = "a") -> str:
    return x


@dsl.component
def number(n: int) -> int:
    return n


@dsl.component
def fraction(f: float = 1.0, maybe: str = None) -> float:
    return f


@dsl.component
def make(data: Output[Dataset]):
    pass


@dsl.component
def make_model(model: Output[Model]):
    pass


@dsl.component
def use(data: Input[Dataset]):
    pass


@dsl.component
def use_any(data: Input[Artifact]):
    pass


@dsl.component
def use_many(data: Input[List[Dataset]]):
    pass


@dsl.component
def total(values: List[int]) -> int:
    return sum(values)


@dsl.component
def anything(d: dict = {}, items: list = []) -> str:  # noqa: B006
    return ""


@dsl.component
def pair() -> NamedTuple("Outputs", a=int, b=int):
    return (1, 2)


@dsl.component
def make_bytes() -> bytes:
    return b"x"


@dsl.component
def take_amount(d: Amount):
    pass


@dsl.component(task_config_passthroughs=[dsl.TaskConfigField.ENV])
def launch(name: str, config: dsl.TaskConfig):
    print(name, config)


@dsl.pipeline
def types(p_int: int = 1, p_text: str = "x", p_list: list = []):  # noqa: B006
    t = text()
    n = number(n=1)
    number(n=t.output)
    fraction(f=n.output)
    fraction(f=p_int)
    number(n=p_text)
    number(n="3")
    number(n=2.5)
    number(n=True)
    number(n=float("nan"))
    number(n=2**60)
    number(n=[1, float("inf")])
    fraction(f=Opaque())
    fraction(f=Dataset)
    fraction(f=t)
    fraction(f=None)
    fraction(maybe=None)
    d = make()
    m = make_model()
    use(data=m.outputs["model"])
    use_any(data=m.outputs["model"])
    use(data=t.output)
    number(n=d.outputs["data"])
    use_many(data=d.outputs["data"])
    total(values=(1, 2))
    total(values=p_list)
    number(n=pair().output)
    launch(name="a", config={})
    launch(name="b").set_env_variable("A", "1").set_cpu_limit("1")
    take_amount(d=make_bytes().output)
    number(n=make_bytes().output)
    with dsl.ParallelFor(["a", "b"]) as item:
        number(n=item)
    with dsl.ParallelFor([{"a": 1}]) as row:
        number(n=row.a)
    with dsl.ParallelFor(p_list) as anyitem:
        number(n=anyitem)
        loop_text = text(x=anyitem)
    total(values=dsl.Collected(loop_text.output))
    use_many(data=dsl.Collected(make().outputs["data"]))


@dsl.pipeline
def values(p_text: str = "x"):
    t = text()
    d = make()
    anything(d={t.output: 1})
    anything(d={f"{t.output}": 1})
    anything(d={"k": d.outputs["data"]})
    anything(items=[t.output, d.outputs["data"]])
    anything(items=[1, [2, {"k": p_text}]])
    text(x=f"at {d.outputs['data']}")
    text(x=f"at {t.output} and {p_text}")
    text(x="plain").set_env_variable("E", t.output).set_env_variable("F", f"{p_text}")
    text(x="named").set_display_name(f"run {p_text}")
    text(x="quiet").set_display_name("fine")


@dsl.pipeline
def fan_in(p_text: str = "x"):
    t = text()
    with dsl.If(t.output == "a"):
        a = text()
        a2 = text()
    with dsl.Elif(t.output == "b"):
        b = text()
    with dsl.Else():
        c = number(n=1)
    text(x=dsl.OneOf(a.output, a2.output, b.output))
    both = dsl.OneOf(a.output, b.output, c.output)
    text(x=both)
    anything(items=[both, dsl.Collected(p_text)])
    total(values=dsl.Collected(p_text))
    total(values=dsl.Collected(3))
    text(x=dsl.OneOf(3, a.output))
    with dsl.If(t.output == "z"):
        z = text()
    text(x=dsl.OneOf(z.output))


@dsl.pipeline
def cycles():
    a = text()
    b = text(x=a.output)
    c = text(x=b.output)
    a.after(c)
    d = text()
    e = text()
    d.after(e)
    e.after(d)
    f = text()
    f.after(f)
    g = text()
    h = text()
    h.after(g)
