"""A nested pipeline called inside a loop and inside a condition."""

from kfp_lite import dsl


@dsl.component
def fetch(city: str) -> float:
    return 21.5


@dsl.component
def store(city: str, temperature: float):
    print(city, temperature)


@dsl.pipeline
def weather_for(city: str) -> float:
    reading = fetch(city=city)
    store(city=city, temperature=reading.output)
    return reading.output


@dsl.component
def warn(message: str):
    print(message)


@dsl.pipeline(name="weather-sweep")
def weather_sweep(include_capital: bool = True):
    with dsl.ParallelFor(["oslo", "lima", "perth"]) as city:
        weather = weather_for(city=city)
        with dsl.If(weather.output > 30.0):
            warn(message="heat")
    with dsl.If(include_capital == True):  # noqa: E712
        weather_for(city="canberra")


TARGET = weather_sweep
