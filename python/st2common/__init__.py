"""StackStorm's pack-facing st2common API, as ServerlessFlow's Python worker provides it to pack code."""
