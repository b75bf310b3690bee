"""``python -m tools.codegen``: regenerate the types, operations and resources."""

from .main import main

main()
