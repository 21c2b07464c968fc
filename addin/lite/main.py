"""creditbook for xlwings Lite: paste this into the main.py tab of the xlwings Lite editor.

Every CB_ worksheet function of creditbook.udfs becomes a name of this module, which is
how xlwings Lite finds custom functions; functions added to creditbook later appear here
without editing this file. Your own functions may follow below.
"""

import creditbook.udfs

globals().update(
    {
        name: getattr(creditbook.udfs, name)
        for name in dir(creditbook.udfs)
        if name.startswith("CB_")
    }
)
