from pydantic import BaseModel

from openai_core import OpenAI


class Answer(BaseModel):
    value: int


client = OpenAI()
completion = client.beta.chat.completions.parse(
    model="gpt-4o", messages=[{"role": "user", "content": "2+2?"}], response_format=Answer
)
assert isinstance(completion.choices[0].message.parsed, Answer)
