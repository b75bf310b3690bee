"""Code generator: reads the OpenAI OpenAPI description and writes openai_core's generated modules.

Run it from the repository root with ``python -m tools.codegen``.
"""
