"""StackStorm's logging entry points (st2common.log) over the standard library."""

import logging

getLogger = logging.getLogger
AUDIT = 5
logging.addLevelName(AUDIT, "AUDIT")
