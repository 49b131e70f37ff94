"""Benchmark session placement: min-cost flow vs first-come-first-served vs linear_sum_assignment.

Run: .venv/bin/python benchmarks/bench_placement.py [--quick]

Every case runs in a fresh child process so its peak memory (max RSS) is its own. Demand is
skewed: each participant ranks 3 sessions drawn without replacement with Zipf-like popularity
(session j has weight 1/(j+1)^s). The naive exact method is scipy's linear_sum_assignment on
the participants × seats cost matrix, run where that matrix fits comfortably in memory.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time

import numpy as np
import psutil

from innspill.analysis.placement import (
    Balance,
    Participant,
    PlacementProblem,
    Session,
    _index,
    _optimise,
    solve_placement,
)

TYPES = ["kommune", "innvandrerorganisasjon", "frivillig", "departement", "direktorat", "råd"]
REGIONS = ["Oslo", "Vest", "Sør", "Innlandet", "Midt", "Nord"]
# The expanded-seats matrix as float64: participants × seats × 8 bytes.
LSA_MAX_CELLS = 25_000_000


def make_problem(
    *, people: int, sessions: int, seats: int, zipf: float, seed: int, balance: Balance
) -> PlacementProblem:
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, sessions + 1) ** zipf
    # Gumbel top-k: k distinct sessions per person drawn with probability ∝ weights.
    keys = np.log(weights)[None, :] + rng.gumbel(size=(people, sessions))
    wishes = np.argsort(-keys, axis=1)[:, : min(3, sessions)]
    caps = [seats // sessions + (1 if j < seats % sessions else 0) for j in range(sessions)]
    types = rng.choice(len(TYPES), size=people, p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])
    regions = rng.integers(0, len(REGIONS), size=people)
    return PlacementProblem(
        sessions=tuple(Session(id=f"s{j}", capacity=c) for j, c in enumerate(caps)),
        participants=tuple(
            Participant(
                id=i,
                wishes=tuple(f"s{j}" for j in wishes[i]),
                organisation_type=TYPES[types[i]],
                region=REGIONS[regions[i]],
            )
            for i in range(people)
        ),
        balance=balance,
    )


def linear_sum_assignment_cost(problem: PlacementProblem) -> tuple[int, float]:
    from scipy.optimize import linear_sum_assignment

    n_sessions = len(problem.sessions)
    position = {s.id: j for j, s in enumerate(problem.sessions)}
    start = time.perf_counter()
    per_session = np.full((len(problem.participants), n_sessions), (n_sessions + 1) ** 2)
    for i, p in enumerate(problem.participants):
        for k, s in enumerate(p.wishes, start=1):
            per_session[i, position[s]] = k * k
    seat_session = np.repeat(np.arange(n_sessions), [s.capacity for s in problem.sessions])
    matrix = per_session[:, seat_session]
    rows, cols = linear_sum_assignment(matrix)
    return int(matrix[rows, cols].sum()), time.perf_counter() - start


def naive_flow_cost(problem: PlacementProblem) -> tuple[int, float]:
    """Min-cost flow without grouping: one node per person, an arc to every session."""
    from ortools.graph.python import min_cost_flow

    n_people, n_sessions = len(problem.participants), len(problem.sessions)
    position = {s.id: j for j, s in enumerate(problem.sessions)}
    start = time.perf_counter()
    cost = np.full((n_people, n_sessions), (n_sessions + 1) ** 2, dtype=np.int64)
    for i, p in enumerate(problem.participants):
        for k, s in enumerate(p.wishes, start=1):
            cost[i, position[s]] = k * k
    source, sink, first_person, first_session = 0, 1, 2, 2 + n_people
    people = np.arange(n_people, dtype=np.int32)
    sessions = np.arange(n_sessions, dtype=np.int32)
    tails = np.concatenate(
        [
            np.zeros(n_people, np.int32),
            np.repeat(people + first_person, n_sessions),
            sessions + first_session,
        ]
    )
    heads = np.concatenate(
        [
            people + first_person,
            np.tile(sessions + first_session, n_people),
            np.full(n_sessions, sink, np.int32),
        ]
    )
    caps = np.concatenate(
        [np.ones(n_people * (1 + n_sessions), np.int64), [s.capacity for s in problem.sessions]]
    ).astype(np.int64)
    costs = np.concatenate(
        [np.zeros(n_people, np.int64), cost.ravel(), np.zeros(n_sessions, np.int64)]
    )
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    solver.set_node_supply(source, n_people)
    solver.set_node_supply(sink, -n_people)
    solver.solve_max_flow_with_min_cost()
    return solver.optimal_cost(), time.perf_counter() - start


def run_case(spec: dict) -> dict:
    """One case, in this (child) process."""
    balance = Balance(**spec.get("balance", {}))
    problem = make_problem(
        people=spec["people"],
        sessions=spec["sessions"],
        seats=spec["seats"],
        zipf=spec["zipf"],
        seed=spec["seed"],
        balance=balance,
    )
    # placement imports OR-Tools lazily; load it first so the timings are of solving only.
    start = time.perf_counter()
    from ortools.graph.python import min_cost_flow  # noqa: F401

    import_seconds = time.perf_counter() - start
    base_rss = psutil.Process().memory_info().rss
    start = time.perf_counter()
    result = solve_placement(problem)
    elapsed = time.perf_counter() - start
    # ru_maxrss is in KiB on Linux; read before the naive method inflates it.
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    # The grouped flow alone (solve_placement also validates, runs FCFS and the stats).
    start = time.perf_counter()
    _optimise(_index(problem), balance)
    core = time.perf_counter() - start
    out = {
        **spec,
        "seconds": round(elapsed, 3),
        "core_seconds": round(core, 3),
        "import_seconds": round(import_seconds, 3),
        "opt_first_share": result.stats.first_choice_share,
        "opt_cost": result.stats.total_cost,
        "opt_ranks": result.stats.rank_counts,
        "fcfs_first_share": result.fcfs.first_choice_share,
        "opt_wish_share": result.stats.wish_share,
        "fcfs_wish_share": result.fcfs.wish_share,
        "fcfs_cost": result.fcfs.total_cost,
        "fcfs_ranks": result.fcfs.rank_counts,
        "placed": result.stats.placed,
    }
    if result.without_balance is not None:
        out["penalty"] = result.stats.balance_penalty
        out["penalty_without"] = result.without_balance.balance_penalty
        out["cost_without"] = result.without_balance.total_cost
    if not balance.active:
        naive_cost, naive_seconds = naive_flow_cost(problem)
        out["naive_flow_cost"] = naive_cost
        out["naive_flow_seconds"] = round(naive_seconds, 3)
    if spec.get("lsa"):
        cells = spec["people"] * spec["seats"]
        if cells <= LSA_MAX_CELLS:
            lsa_cost, lsa_seconds = linear_sum_assignment_cost(problem)
            out["lsa_cost"] = lsa_cost
            out["lsa_seconds"] = round(lsa_seconds, 3)
        else:
            out["lsa_skipped"] = f"{cells * 8 / 1e9:.1f} GB cost matrix"
    out["peak_rss_mb"] = round(peak_rss / 2**20, 1)
    out["solve_extra_mb"] = round(max(0, peak_rss - base_rss) / 2**20, 1)
    return out


def in_child(spec: dict) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--case", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="the three size targets only")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(json.loads(args.case))))
        return

    both = {"organisation_type": 1.0, "region": 0.5}
    cases = [
        {"people": 225, "sessions": 8, "seats": 240, "zipf": 1.0, "seed": 1, "lsa": True},
        {"people": 2000, "sessions": 20, "seats": 2000, "zipf": 1.0, "seed": 2, "lsa": True},
        {"people": 20000, "sessions": 50, "seats": 20000, "zipf": 1.0, "seed": 3, "lsa": True},
    ]
    if not args.quick:
        cases += [
            {"people": 225, "sessions": 8, "seats": 240, "zipf": 0.0, "seed": 4},
            {"people": 225, "sessions": 8, "seats": 240, "zipf": 2.0, "seed": 5},
            {"people": 250, "sessions": 8, "seats": 200, "zipf": 1.0, "seed": 6, "lsa": True},
            {"people": 5000, "sessions": 30, "seats": 5000, "zipf": 1.0, "seed": 8, "lsa": True},
            {"people": 225, "sessions": 8, "seats": 240, "zipf": 1.0, "seed": 1, "balance": both},
            {
                "people": 2000,
                "sessions": 20,
                "seats": 2000,
                "zipf": 1.0,
                "seed": 2,
                "balance": both,
            },
            {"people": 20000, "sessions": 50, "seats": 18000, "zipf": 1.0, "seed": 7},
            {
                "people": 20000,
                "sessions": 50,
                "seats": 20000,
                "zipf": 1.0,
                "seed": 3,
                "balance": both,
            },
        ]
    print(f"python {platform.python_version()}, {platform.machine()}")
    for spec in cases:
        r = in_child(spec)
        print(
            f"\n{r['people']} people × {r['sessions']} sessions, {r['seats']} seats, "
            f"Zipf {r['zipf']}, balance {r.get('balance', 'no')}"
        )
        timing = (
            f"  time: solve_placement {r['seconds']:.3f} s (grouped flow {r['core_seconds']:.3f} s)"
        )
        if "naive_flow_seconds" in r:
            timing += f"; per-person flow {r['naive_flow_seconds']:.3f} s"
        if "lsa_seconds" in r:
            timing += f"; linear_sum_assignment {r['lsa_seconds']:.3f} s"
        elif "lsa_skipped" in r:
            timing += f"; linear_sum_assignment not feasible ({r['lsa_skipped']})"
        print(timing)
        print(
            f"  memory: peak RSS {r['peak_rss_mb']} MB, +{r['solve_extra_mb']} MB while solving"
            f" (one-off OR-Tools import {r['import_seconds']:.3f} s, not in the times)"
        )
        for name, prefix in (("optimum", "opt"), ("FCFS   ", "fcfs")):
            print(
                f"  {name}: cost {r[prefix + '_cost']:>9}, first wish {r[prefix + '_first_share']:.3f}, "
                f"any wish {r[prefix + '_wish_share']:.3f}, ranks {r[prefix + '_ranks']}"
            )
        if "penalty" in r:
            print(
                f"  balance: penalty {r['penalty_without']} → {r['penalty']}, "
                f"wish cost {r['cost_without']} → {r['opt_cost']}"
            )
        if "lsa_cost" in r and r["lsa_cost"] != r["opt_cost"]:
            print("  !! min-cost flow and linear_sum_assignment disagree")
        if "naive_flow_cost" in r and r["naive_flow_cost"] != r["opt_cost"]:
            print("  !! grouped and per-person min-cost flow disagree")
        if r["opt_cost"] > r["fcfs_cost"] and "balance" not in r:
            print("  !! optimum worse than FCFS")


if __name__ == "__main__":
    main()
