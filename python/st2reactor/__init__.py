"""StackStorm's pack-facing st2reactor API, as ServerlessFlow's Python worker provides it to sensor code."""
