from openai_core import OpenAI

client = OpenAI()
with client.responses.stream(model="gpt-4o", input="Write a limerick about Python") as stream:
    text = ""
    for event in stream:
        if event.type == "response.output_text.delta":
            text += event.delta
    final = stream.get_final_response()
assert text == final.output_text
assert final.status == "completed"
