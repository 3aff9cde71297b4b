"""Expected values for ActionParameterResolverMaskTests, from StackStorm's own masking code.

Run with /usr/bin/python3 and the path of st2's st2common/st2common/util/secrets.py (e.g. from
`git show HEAD:st2common/st2common/util/secrets.py` in a StackStorm/st2 checkout):

    /usr/bin/python3 mask_secret_parameters_golden.py secrets.py
"""
import copy
import json
import sys
import types

# secrets.py imports these two st2 modules; they are one-liners, stood in here.
six = types.ModuleType("six")
six.iteritems = lambda d: iter(d.items())
sys.modules["six"] = six
for name in ["st2common", "st2common.util", "st2common.constants"]:
    sys.modules[name] = types.ModuleType(name)
deep = types.ModuleType("st2common.util.deep_copy")
deep.fast_deepcopy_dict = copy.deepcopy
sys.modules["st2common.util.deep_copy"] = deep
consts = types.ModuleType("st2common.constants.secrets")
consts.MASKED_ATTRIBUTE_VALUE = "********"
sys.modules["st2common.constants.secrets"] = consts

secrets = types.ModuleType("secrets_st2")
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), secrets.__dict__)

schema = {
    "user": {"type": "string"},
    "password": {"type": "string", "secret": True},
    "auth": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "token": {"type": "string", "secret": True},
            "inner": {"type": "object", "properties": {"key": {"type": "string", "secret": True}}},
        },
    },
    "hosts": {
        "type": "array",
        "items": {"type": "object", "properties": {"host": {"type": "string"}, "pin": {"type": "integer", "secret": True}}},
    },
    "keys": {"type": "array", "items": {"type": "string", "secret": True}},
}
given = {
    "user": "ann",
    "password": "p1",
    "auth": {"name": "svc", "token": "t1", "inner": {"key": "k1", "other": "o"}, "extra": 1},
    "hosts": [{"host": "a", "pin": 1}, {"host": "b"}],
    "keys": ["x", "y"],
}
secret = secrets.get_secret_parameters(schema)
print(json.dumps(secrets.mask_secret_parameters(given, secret)))
