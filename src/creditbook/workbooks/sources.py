"""Moved to ``creditbook.inputs.sources``; this name stays importable for existing callers."""

import sys

from creditbook.inputs import sources as _moved

sys.modules[__name__] = _moved
