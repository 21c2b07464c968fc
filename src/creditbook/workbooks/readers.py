"""Moved to ``creditbook.inputs.readers``; this name stays importable for existing callers."""

import sys

from creditbook.inputs import readers as _moved

sys.modules[__name__] = _moved
