"""Errors of the structured-output and tool-runner helpers."""

from __future__ import annotations

from typing import Any

from .._errors import OpenAIError

__all__ = [
    "ContentFilterFinishReasonError",
    "LengthFinishReasonError",
    "OutputValidationError",
    "RefusalError",
    "StructuredOutputError",
    "ToolRoundsExceededError",
]


class StructuredOutputError(OpenAIError):
    """``parse()`` got an answer it cannot turn into the requested class.

    ``completion`` is what the API returned: the chat completion (``chat.completions.parse``)
    or the response (``responses.parse``).
    """

    def __init__(self, message: str, completion: Any) -> None:
        super().__init__(message)
        self.message = message
        self.completion = completion


class RefusalError(StructuredOutputError):
    """The model refused to answer; ``refusal`` is its explanation."""

    def __init__(self, refusal: str, completion: Any) -> None:
        super().__init__(f"The model refused to answer: {refusal}", completion)
        self.refusal = refusal


class LengthFinishReasonError(StructuredOutputError):
    """The answer was cut by the token limit (``finish_reason == "length"``, or an incomplete
    response), so its JSON is unfinished. Raise ``max_completion_tokens`` /
    ``max_output_tokens``, or ask for less."""


class ContentFilterFinishReasonError(StructuredOutputError):
    """The content filter stopped the answer (``finish_reason == "content_filter"``)."""


class OutputValidationError(StructuredOutputError):
    """The answer is not JSON, or does not fit the requested class (or there is no answer)."""


class ToolRoundsExceededError(OpenAIError):
    """``run_tools()`` made ``max_rounds`` requests and the model still asked for tools.

    ``run`` is the :class:`~openai_core.ChatToolRun` / :class:`~openai_core.ResponsesToolRun`
    so far: its transcript ends with the model's last answer, whose tool calls were not run.
    ``completion`` is that last answer.
    """

    def __init__(self, max_rounds: int, run: Any, completion: Any) -> None:
        super().__init__(f"The model still asked for tools after {max_rounds} rounds (max_rounds={max_rounds}).")
        self.max_rounds = max_rounds
        self.run = run
        self.completion = completion
