"""The CB_* worksheet functions (xlwings "UDF Modules" = creditbook.udfs)."""

from creditbook.udfs.evaluation import *  # noqa: F403
from creditbook.udfs.evaluation import __all__ as _evaluation
from creditbook.udfs.groups import *  # noqa: F403
from creditbook.udfs.groups import __all__ as _groups
from creditbook.udfs.receivables import *  # noqa: F403
from creditbook.udfs.receivables import __all__ as _receivables

__all__ = [*_evaluation, *_receivables, *_groups]
