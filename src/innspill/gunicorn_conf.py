"""gunicorn's settings for `python -m innspill serve` (its --bind and --workers override these).

Read by gunicorn as a config file, not imported by Django.
"""

import os


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers, taskset)
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "innspill.wsgi:application"
bind = os.environ.get("INNSPILL_BIND", "127.0.0.1:8000")
# gunicorn's rule of thumb; each worker is a full Django process with its own caches, so
# WEB_CONCURRENCY (or --workers) lowers it where memory is short.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cpus() + 1)
# Sync workers, one request at a time per process: the archive's pages are CPU-bound Python,
# and with 4 threads per worker (gthread) the load test's p50 went from 95 ms to 1.1 s (GIL
# contention; benchmarks/RESULTS.md «Load test»). Slow clients belong behind the proxy that
# buffers requests (nginx), as gunicorn's own documentation advises for sync workers.
worker_class = "sync"
# Long work runs in the task worker; a request still busy after this long is stuck, so its
# worker is restarted rather than left holding a slot.
timeout = int(os.environ.get("INNSPILL_REQUEST_TIMEOUT", "60"))
# On SIGTERM, requests in flight get this long to finish.
graceful_timeout = 30
keepalive = 5
# Not preloaded: each worker loads the application itself, so the cache warm-up thread that
# starts with it (archive/warmup.py) runs in every worker, not only in a master that forks.
preload_app = False
# The worker heartbeat files on a RAM disk: a slow disk cannot make a worker look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# client, request, status, bytes, duration in ms
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# Behind a proxy on the same machine; BEHIND_PROXY in settings decides what Django trusts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: its default path is one per user, which two instances on a machine (or a
# test beside the demo) would fight over; `serve` and systemd do the supervising.
control_socket_disable = True
