"""StackStorm's datastore service for pack code (st2common.services.datastore), backed by the host's key-value store.

Names are local to the pack and class by default (``pack.Class:name``), as in StackStorm; only the system scope is
supported here, as in StackStorm's action and sensor services.
"""

from st2common.constants.keyvalue import DATASTORE_KEY_SEPARATOR, SYSTEM_SCOPE, FULL_SYSTEM_SCOPE

__all__ = ["DatastoreService", "KeyValuePair"]

DEFAULT_LIMIT = 100


class KeyValuePair(object):
    """What list_values returns for each key (st2client's KeyValuePair model: name, value, secret, scope…)."""

    def __init__(self, fields):
        self.__dict__.update(fields)
        self.id = fields.get("name")

    def to_dict(self):
        return dict(self.__dict__)

    def __repr__(self):
        return "<KeyValuePair name=%s,value=%s>" % (self.__dict__.get("name"), self.__dict__.get("value"))


class DatastoreService(object):
    def __init__(self, channel, logger, pack_name, class_name):
        self._channel = channel
        self._logger = logger
        self._pack_name = pack_name
        self._class_name = class_name

    def get_user_info(self):
        return self._channel.request("user_info")

    def list_values(self, local=True, prefix=None, limit=None, offset=0):
        key_prefix = self._full_prefix(local, prefix)
        self._logger.debug("Retrieving all the values from the datastore")
        items = self._channel.request(
            "datastore_list", prefix=key_prefix or "", limit=int(limit or DEFAULT_LIMIT), offset=int(offset or 0)
        )
        return [KeyValuePair(item) for item in items]

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        _check_scope(scope)
        name = self._full_name(name, local)
        self._logger.debug("Retrieving value from the datastore (name=%s)", name)
        try:
            return self._channel.request("datastore_get", name=name, decrypt=bool(decrypt))
        except Exception as e:
            self._logger.exception("Exception retrieving value from datastore (name=%s): %s", name, e)
            return None

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        _check_scope(scope)
        name = self._full_name(name, local)
        self._logger.debug("Setting value in the datastore (name=%s)", name)
        self._channel.request(
            "datastore_set", name=name, value=str(value), ttl=int(ttl) if ttl else None, secret=bool(encrypt)
        )
        return True

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        _check_scope(scope)
        name = self._full_name(name, local)
        self._logger.debug("Deleting value from the datastore (name=%s)", name)
        try:
            return bool(self._channel.request("datastore_delete", name=name))
        except Exception as e:
            self._logger.exception("Exception deleting value from datastore (name=%s): %s", name, e)
            return False

    def _local_prefix(self):
        return "%s.%s%s" % (self._pack_name, self._class_name, DATASTORE_KEY_SEPARATOR)

    def _full_name(self, name, local):
        return self._local_prefix() + name if local else name

    def _full_prefix(self, local, prefix):
        if local:
            return self._local_prefix() + (prefix or "")
        return prefix


def _check_scope(scope):
    if scope not in (SYSTEM_SCOPE, FULL_SYSTEM_SCOPE):
        raise ValueError("Scope %s is unsupported." % scope)
