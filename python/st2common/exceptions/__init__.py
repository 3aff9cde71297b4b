"""StackStorm's base exception (st2common.exceptions)."""


class StackStormBaseException(Exception):
    """The base class of StackStorm's exceptions."""

    def get_message(self):
        return str(self)
