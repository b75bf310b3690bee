from pydantic import BaseModel

from openai_core import OpenAI


class Person(BaseModel):
    name: str
    age: int


class People(BaseModel):
    people: list[Person]


client = OpenAI()
response = client.responses.parse(
    model="gpt-4o-2024-08-06",
    input=[{"role": "user", "content": "Jane is 54 and John is 37."}],
    text_format=People,
)
parsed = response.output_parsed
assert isinstance(parsed, People)
assert all(isinstance(p, Person) and isinstance(p.age, int) for p in parsed.people)
