"""ServerlessFlow's Python worker: runs StackStorm pack actions and sensors for the .NET host.

The worker is a long-lived process that speaks the protocol described in docs/python-worker-protocol.md
over its original standard input and output; pack code never sees those two file descriptors.
"""

PROTOCOL_VERSION = 1
