"""The action exceptions pack code raises (st2common.exceptions.action)."""

from st2common.exceptions import StackStormBaseException

__all__ = ["InvalidActionParameterException", "InvalidActionReferencedException"]


class InvalidActionParameterException(StackStormBaseException):
    pass


class InvalidActionReferencedException(StackStormBaseException):
    pass
