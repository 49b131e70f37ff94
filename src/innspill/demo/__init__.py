"""Demo data and the `seed_demo` command: the one app that may import every other app."""
