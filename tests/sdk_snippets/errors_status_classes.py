import openai_core
from openai_core import OpenAI
from openai_core.testing import LocalServer

expected = {
    400: openai_core.BadRequestError,
    401: openai_core.AuthenticationError,
    403: openai_core.PermissionDeniedError,
    404: openai_core.NotFoundError,
    409: openai_core.ConflictError,
    422: openai_core.UnprocessableEntityError,
    429: openai_core.RateLimitError,
    500: openai_core.InternalServerError,
    503: openai_core.InternalServerError,
}
with LocalServer() as server:
    client = OpenAI(base_url=server.url, api_key="sk-test", max_retries=0)
    for status, cls in expected.items():
        server.fail_next(status)
        try:
            client.models.list()
        except openai_core.APIStatusError as e:
            assert type(e) is cls, (status, type(e))
            assert e.status_code == status
            assert isinstance(e, openai_core.APIError) and isinstance(e, openai_core.OpenAIError)
        else:
            raise AssertionError(f"expected {cls.__name__}")
