"""Moved to ``creditbook.inputs.sources``; this name stays importable for existing callers."""

import sys
from typing import TYPE_CHECKING

from creditbook.inputs import sources as _moved

sys.modules[__name__] = _moved

if TYPE_CHECKING:  # the type checker does not follow the sys.modules swap
    from creditbook.inputs.sources import *  # noqa: F403
