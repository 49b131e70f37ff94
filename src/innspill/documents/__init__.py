"""Pure-Python document reading and report structure. No Django."""
