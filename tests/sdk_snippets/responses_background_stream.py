from openai_core import OpenAI

client = OpenAI()
stream = client.responses.create(model="gpt-4o", input="resume me later", background=True, stream=True)
cursor = None
for event in stream:
    cursor = event.sequence_number
    if event.type == "response.created":
        response_id = event.response.id
    if event.type == "response.output_text.delta":
        break
stream.close()

resumed = client.responses.retrieve(response_id, stream=True, starting_after=cursor)
rest = [event.type for event in resumed]
assert rest[-1] == "response.completed"
assert all(t != "response.created" for t in rest)
final = client.responses.retrieve(response_id)
assert final.output_text == "Echo: resume me later"
