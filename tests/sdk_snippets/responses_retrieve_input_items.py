from openai_core import OpenAI

client = OpenAI()
response = client.responses.create(model="gpt-4o-mini", input="Remember the number 7", store=True)
again = client.responses.retrieve(response.id)
assert again.id == response.id
assert again.output_text == response.output_text

items = client.responses.input_items.list(response.id)
contents = [item for item in items]
assert len(contents) == 1
assert contents[0].type == "message"
assert contents[0].role == "user"
