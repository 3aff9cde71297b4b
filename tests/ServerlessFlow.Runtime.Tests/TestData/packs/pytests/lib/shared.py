GREETING = "hello from the pack's lib"
