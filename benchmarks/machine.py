"""The machine a benchmark ran on, for its results file (benchmarks run as scripts, so each
imports this module by name from the benchmarks folder)."""

from __future__ import annotations

import platform


def cpu_model() -> str:
    """The processor's model name from /proc/cpuinfo, else what `platform` knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
