import itertools
import json
import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from innspill.analysis.placement import (
    Balance,
    Participant,
    PlacementError,
    PlacementProblem,
    Session,
    balance_penalty,
    first_come_first_served,
    placement_from_json,
    solve_placement,
)


def _problem(capacities, wishes, *, pins=None, types=None, regions=None, balance=None):
    sessions = tuple(Session(id=sid, capacity=c) for sid, c in capacities.items())
    people = tuple(
        Participant(
            id=pid,
            wishes=tuple(w),
            pinned=(pins or {}).get(pid),
            organisation_type=(types or {}).get(pid),
            region=(regions or {}).get(pid),
        )
        for pid, w in wishes.items()
    )
    return PlacementProblem(sessions=sessions, participants=people, balance=balance or Balance())


def _cost(problem, assignment):
    none = (len(problem.sessions) + 1) ** 2
    total = 0
    for p in problem.participants:
        if p.id in assignment:
            s = assignment[p.id]
            total += (p.wishes.index(s) + 1) ** 2 if s in p.wishes else none
    return total


def _random_problem(rng, *, n_people, n_sessions, seats_factor, n_wishes=3):
    ids = [f"s{j}" for j in range(n_sessions)]
    weights = [1 / (j + 1) for j in range(n_sessions)]  # Zipf-like popularity
    capacities = {}
    total = max(1, round(n_people * seats_factor))
    for j, sid in enumerate(ids):
        capacities[sid] = total // n_sessions + (1 if j < total % n_sessions else 0)
    wishes = {}
    for i in range(n_people):
        k = rng.randint(0, min(n_wishes, n_sessions))
        chosen = []
        while len(chosen) < k:
            s = rng.choices(ids, weights)[0]
            if s not in chosen:
                chosen.append(s)
        wishes[f"p{i}"] = chosen
    return capacities, wishes


def test_solve_placement_gives_everyone_first_wish_when_possible():
    problem = _problem({"A": 2, "B": 2}, {"p1": ["A", "B"], "p2": ["B"], "p3": ["A"], "p4": ["B"]})
    result = solve_placement(problem)
    assert result.assignment == {"p1": "A", "p2": "B", "p3": "A", "p4": "B"}
    assert result.stats.rank_counts == {"1": 4, "2": 0, "none": 0}
    assert result.stats.first_choice_share == 1.0
    assert result.stats.total_cost == 4
    assert result.unplaced == ()
    assert result.message is None


def test_solve_placement_beats_first_come_first_served_on_hand_checked_case():
    # FCFS: p1 takes A, p2 finds A full and takes B (2nd), p3 wishes only A and gets B.
    problem = _problem(
        {"A": 1, "B": 2, "C": 1},
        {"p1": ["A", "B"], "p2": ["A", "B"], "p3": ["A"]},
    )
    result = solve_placement(problem)
    # p3 outside its wishes would cost (3 + 1)² = 16, so A goes to p3.
    assert result.assignment == {"p1": "B", "p2": "B", "p3": "A"}
    assert result.stats.total_cost == 4 + 4 + 1
    assert result.fcfs_assignment == {"p1": "A", "p2": "B", "p3": "B"}
    assert result.fcfs.total_cost == 1 + 4 + 16
    assert result.fcfs.rank_counts == {"1": 1, "2": 1, "none": 1}


def test_solve_placement_gives_better_rank_to_earlier_registration_with_same_wishes():
    problem = _problem({"A": 1, "B": 1}, {"p1": ["A", "B"], "p2": ["A", "B"]})
    result = solve_placement(problem)
    assert result.assignment == {"p1": "A", "p2": "B"}


def test_solve_placement_places_only_as_many_as_seats_and_drops_latest_on_ties():
    problem = _problem(
        {"A": 1, "B": 1}, {"p1": ["A", "B"], "p2": ["A", "B"], "p3": ["A", "B"], "p4": ["A", "B"]}
    )
    result = solve_placement(problem)
    assert result.assignment == {"p1": "A", "p2": "B"}
    assert result.unplaced == ("p3", "p4")
    assert result.stats.placed == 2
    assert result.stats.unplaced == 2
    assert result.stats.first_choice_share == 0.25
    assert result.stats.wish_share == 0.5
    assert result.fcfs_unplaced == ("p3", "p4")
    assert result.message == (
        "Only 2 seats in the sessions for 4 participants: 2 could not be placed. Those placed "
        "get the lowest total wish cost; among equally good placements the earlier "
        "registrations are placed."
    )


def test_solve_placement_shortfall_minimises_cost_before_registration_order():
    # p1 gave no wishes, so any seat costs them (2 + 1)² = 9; leaving p1 out is cheapest.
    problem = _problem({"A": 1, "B": 1}, {"p1": [], "p2": ["A"], "p3": ["B"]})
    result = solve_placement(problem)
    assert result.assignment == {"p2": "A", "p3": "B"}
    assert result.unplaced == ("p1",)
    assert result.stats.total_cost == 2
    # FCFS: p1 takes the emptiest session A, p2 finds A full and takes B outside its wishes.
    assert result.fcfs_assignment == {"p1": "A", "p2": "B"}
    assert result.fcfs_unplaced == ("p3",)
    assert result.fcfs.total_cost == 9 + 9


def test_solve_placement_keeps_pins_and_solves_around_them():
    problem = _problem(
        {"A": 2, "B": 2},
        {"speaker": ["B"], "p1": ["A"], "p2": ["A"], "p3": ["A", "B"]},
        pins={"speaker": "A"},
    )
    result = solve_placement(problem)
    assert result.assignment == {"speaker": "A", "p1": "A", "p2": "B", "p3": "B"}
    assert result.sessions[0].pinned == 1
    assert result.fcfs_assignment == {"speaker": "A", "p1": "A", "p2": "B", "p3": "B"}


def test_solve_placement_reports_session_fill_and_demand():
    problem = _problem({"A": 4, "B": 2}, {"p1": ["A"], "p2": ["A"], "p3": ["B", "A"]})
    fills = solve_placement(problem).sessions
    assert [(f.id, f.assigned, f.fill_rate, f.first_wish_demand) for f in fills] == [
        ("A", 2, 0.5, 2),
        ("B", 1, 0.5, 1),
    ]


def test_solve_placement_without_wishes_uses_any_free_seat():
    problem = _problem({"A": 1, "B": 1}, {"p1": [], "p2": ["A"]})
    result = solve_placement(problem)
    assert result.assignment == {"p1": "B", "p2": "A"}
    assert result.stats.rank_counts == {"1": 1, "none": 1}
    assert result.stats.wish_share == 0.5
    assert result.stats.total_cost == 1 + 9


def test_solve_placement_handles_empty_problem_and_zero_capacity():
    assert solve_placement(_problem({}, {})).stats.total_cost == 0
    result = solve_placement(_problem({"A": 0}, {"p1": ["A"]}))
    assert result.assignment == {}
    assert result.unplaced == ("p1",)
    assert result.sessions[0].fill_rate == 0.0


def test_solve_placement_balance_mixes_organisation_types():
    # Everyone wants A first; without balance the two earliest (both municipalities) get A.
    wishes = {p: ["A", "B"] for p in ("m1", "m2", "o1", "o2")}
    types = {"m1": "kommune", "m2": "kommune", "o1": "organisasjon", "o2": "organisasjon"}
    plain = solve_placement(_problem({"A": 2, "B": 2}, wishes, types=types))
    assert plain.assignment == {"m1": "A", "m2": "A", "o1": "B", "o2": "B"}
    balanced = solve_placement(
        _problem({"A": 2, "B": 2}, wishes, types=types, balance=Balance(organisation_type=2.0))
    )
    assert sorted(balanced.assignment.values()) == ["A", "A", "B", "B"]
    assert [f.mix for f in balanced.sessions] == [
        {"organisation_type": {"kommune": 1, "organisasjon": 1}}
    ] * 2
    assert balanced.stats.total_cost == plain.stats.total_cost
    assert balanced.stats.balance_penalty == 0.0
    # Unbalanced: each session has 2 of a type with quota 1 → 2 · (2 − 1)² per session.
    assert balanced.without_balance is not None
    assert balanced.without_balance.balance_penalty == 4.0


def test_solve_placement_balance_trades_wish_cost_for_mix():
    # Municipalities want A, organisations want B: balance must move people off their wish.
    wishes = {"m1": ["A", "B"], "m2": ["A", "B"], "o1": ["B", "A"], "o2": ["B", "A"]}
    types = {"m1": "kommune", "m2": "kommune", "o1": "organisasjon", "o2": "organisasjon"}
    light = solve_placement(
        _problem({"A": 2, "B": 2}, wishes, types=types, balance=Balance(organisation_type=0.5))
    )
    assert light.assignment == {"m1": "A", "m2": "A", "o1": "B", "o2": "B"}
    heavy = solve_placement(
        _problem({"A": 2, "B": 2}, wishes, types=types, balance=Balance(organisation_type=5.0))
    )
    # Moving one of each costs 3 + 3 = 6 and saves 2 · 5 · (2 − 1)² = 10; the earlier stay.
    assert heavy.assignment == {"m1": "A", "m2": "B", "o1": "B", "o2": "A"}
    assert heavy.stats.total_cost == 10
    assert heavy.without_balance is not None
    assert heavy.without_balance.total_cost == 4
    assert heavy.stats.balance_penalty == 0.0
    assert heavy.without_balance.balance_penalty == 10.0


def test_placement_from_json_reports_balance_effect_and_mix():
    data = {
        "sessions": [{"id": 1, "capacity": 2}, {"id": 2, "capacity": 2}],
        "participants": [
            {"id": "m1", "wishes": [1, 2], "organisation_type": "kommune", "region": "nord"},
            {"id": "m2", "wishes": [1, 2], "organisation_type": "kommune", "region": "sør"},
            {"id": "o1", "wishes": [2, 1], "organisation_type": "frivillig", "region": "nord"},
            {"id": "o2", "wishes": [2, 1], "organisation_type": "frivillig", "region": "sør"},
        ],
        "balance": {"organisation_type": 5, "region": 1},
    }
    out = json.loads(json.dumps(placement_from_json(data)))
    assert out["balance"] == {
        "weights": {"organisation_type": 5, "region": 1},
        # Regions within a type: each (type, region) cell has 1 person against a quota of 0.5
        # in every session, so 4 · 1 · 0.5² = 1.0 is unavoidable; types add 2 · 5 unbalanced.
        "penalty": 1.0,
        "total_cost": 10,
        "penalty_without_balance": 11.0,
        "total_cost_without_balance": 4,
        "cost_of_balance": 6,
    }
    assert out["overall_mix"] == {
        "organisation_type": {"frivillig": 2, "kommune": 2},
        "region": {"nord": 2, "sør": 2},
    }
    assert [s["mix"]["organisation_type"] for s in out["sessions"]] == [
        {"frivillig": 1, "kommune": 1}
    ] * 2


def test_placement_from_json_matches_contract():
    data = {
        "sessions": [{"id": "A", "capacity": 1}, {"id": "B", "capacity": 1}],
        "participants": [
            {"id": 10, "wishes": ["A", "B"]},
            {"id": 11, "wishes": ["A"]},
            {"id": 12, "wishes": ["B"], "pinned": "B"},
        ],
    }
    out = placement_from_json(data)
    # 10 and 11 both want A first (cost 1 either way): the earlier registration gets it.
    assert out["assignment"] == {10: "A", 12: "B"}
    assert out["unplaced"] == [11]
    assert out["stats"] == {
        "rank_counts": {"1": 2, "2": 0, "none": 0},
        "first_choice_share": 0.6667,
        "wish_share": 0.6667,
        "total_cost": 2,
        "placed": 2,
        "unplaced": 1,
    }
    assert out["fcfs"] == {
        "rank_counts": {"1": 2, "2": 0, "none": 0},
        "first_choice_share": 0.6667,
        "wish_share": 0.6667,
        "total_cost": 2,
        "placed": 2,
        "unplaced": 1,
    }
    assert out["sessions"] == [
        {
            "id": "A",
            "capacity": 1,
            "assigned": 1,
            "pinned": 0,
            "fill_rate": 1.0,
            "first_wish_demand": 2,
        },
        {
            "id": "B",
            "capacity": 1,
            "assigned": 1,
            "pinned": 1,
            "fill_rate": 1.0,
            "first_wish_demand": 1,
        },
    ]
    assert out["message"].startswith("Only 2 seats in the sessions for 3 participants")
    assert json.loads(json.dumps(out))["assignment"] == {"10": "A", "12": "B"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "sessions": [{"id": "A", "capacity": 1}, {"id": "A", "capacity": 2}],
                "participants": [],
            },
            "duplicate session id 'A'",
        ),
        (
            {"sessions": [{"id": "A", "capacity": -1}], "participants": []},
            "session 'A': capacity must be a non-negative integer, got -1",
        ),
        (
            {"sessions": [{"id": 1, "capacity": 1}], "participants": [{"id": "p", "wishes": [2]}]},
            "participant 'p' wishes unknown session 2",
        ),
        (
            {
                "sessions": [{"id": 1, "capacity": 1}],
                "participants": [{"id": "p", "wishes": [1]}, {"id": "p", "wishes": [1]}],
            },
            "duplicate participant id 'p'",
        ),
        (
            {
                "sessions": [{"id": 1, "capacity": 1}],
                "participants": [{"id": "p", "wishes": [1, 1]}],
            },
            "participant 'p' wishes session 1 more than once",
        ),
        (
            {"sessions": [{"id": 1, "capacity": 1}], "participants": [{"id": "p", "pinned": 3}]},
            "participant 'p' is pinned to unknown session 3",
        ),
        (
            {
                "sessions": [{"id": 1, "capacity": 1}],
                "participants": [{"id": "p", "pinned": 1}, {"id": "q", "pinned": 1}],
            },
            "session 1 has 2 pinned participants but only 1 seats",
        ),
        (
            {"sessions": [], "participants": [], "balance": {"age": 1}},
            "balance: unknown attribute 'age' (use organisation_type, region)",
        ),
        (
            {"sessions": [], "participants": [], "balance": {"region": -1}},
            "balance weight for region must be a number from 0 to 1000, got -1",
        ),
        ({"participants": []}, "problem: missing 'sessions'"),
        (
            {"sessions": [{"id": 1, "capacity": 1}], "participants": [{"id": "p", "pinned": [1]}]},
            "participant 'p' is pinned to unknown session [1]",
        ),
        (
            {"sessions": [], "participants": [{"id": "p", "organisation_type": 3}]},
            "participant 'p': organisation_type must be a string",
        ),
        ({"sessions": [], "participants": ["p"]}, "participants[0] must be an object"),
        (
            {"sessions": [{"id": True, "capacity": 1}], "participants": []},
            "session id True must be a string or an integer",
        ),
        (
            {
                "sessions": [{"id": 1, "capacity": 1}, {"id": "1", "capacity": 1}],
                "participants": [],
            },
            "duplicate session id '1'",
        ),
        ({"sessions": [{"id": "A"}], "participants": []}, "sessions[0]: missing 'capacity'"),
    ],
)
def test_placement_from_json_rejects_invalid_problem(data, message):
    with pytest.raises(PlacementError) as error:
        placement_from_json(data)
    assert str(error.value) == message


def test_first_come_first_served_falls_back_to_emptiest_session():
    problem = _problem(
        {"A": 1, "B": 3, "C": 2}, {"p1": ["A"], "p2": ["A"], "p3": ["B"], "p4": ["A"]}
    )
    # p2 → B (3 free), p3 → B (wish), p4: A full; B and C both have 1... B has 1, C has 2 → C.
    assert first_come_first_served(problem) == {"p1": "A", "p2": "B", "p3": "B", "p4": "C"}


def test_solve_placement_equals_linear_sum_assignment_on_expanded_seats():
    rng = random.Random(5)
    for case in range(66):
        # Mostly small instances, and a few of conference size (8 sessions, ~225 people).
        big = case >= 60
        capacities, wishes = _random_problem(
            rng,
            n_people=rng.randint(150, 260) if big else rng.randint(1, 30),
            n_sessions=8 if big else rng.randint(1, 6),
            seats_factor=rng.choice([0.5, 0.9, 1.0, 1.3]),
        )
        problem = _problem(capacities, wishes)
        result = solve_placement(problem)
        seats = [sid for sid, c in capacities.items() for _ in range(c)]
        per_session = {
            (p.id, sid): _cost(problem, {p.id: sid})
            for p in problem.participants
            for sid in capacities
        }
        matrix = np.array([[per_session[p.id, s] for s in seats] for p in problem.participants])
        rows, cols = linear_sum_assignment(matrix)
        assert result.stats.total_cost == int(matrix[rows, cols].sum())
        assert result.stats.placed == min(len(wishes), len(seats))
        assert _cost(problem, result.assignment) == result.stats.total_cost
        used = {sid: list(result.assignment.values()).count(sid) for sid in capacities}
        assert all(used[sid] <= capacities[sid] for sid in capacities)


def test_solve_placement_is_never_worse_than_first_come_first_served():
    rng = random.Random(11)
    for _ in range(40):
        capacities, wishes = _random_problem(
            rng,
            n_people=rng.randint(5, 120),
            n_sessions=rng.randint(2, 8),
            seats_factor=rng.choice([0.8, 1.0, 1.2]),
        )
        pins = {p: w[0] for p, w in list(wishes.items())[:2] if w}
        problem = _problem(capacities, wishes, pins=pins)
        result = solve_placement(problem)
        assert result.stats.placed == result.fcfs.placed
        assert result.stats.total_cost <= result.fcfs.total_cost
        assert all(result.assignment[p] == s for p, s in pins.items())


def test_solve_placement_balance_is_optimal_against_brute_force():
    # Objective with balance: wish cost + penalty among placements of the most people. Arc
    # costs are rounded to 1/100 per seat and layer, so the flow may miss the exact optimum by
    # at most twice that rounding.
    rng = random.Random(3)
    for case in range(30):
        n_people = rng.randint(3, 7)
        capacities = rng.choice([{"A": 2, "B": 2, "C": 3}, {"A": 1, "B": 2, "C": 2}])
        ids = list(capacities)
        wishes = {f"p{i}": rng.sample(ids, rng.randint(0, 3)) for i in range(n_people)}
        types = {p: rng.choice(["k", "o", None]) for p in wishes}
        regions = {p: rng.choice(["n", "s", "v"]) for p in wishes}
        pins = {"p1": rng.choice(ids)} if case % 2 else {}
        balance = [
            Balance(organisation_type=3.0),
            Balance(region=1.5),
            Balance(organisation_type=2.0, region=0.7),
        ][case % 3]
        problem = _problem(
            capacities, wishes, pins=pins, types=types, regions=regions, balance=balance
        )
        result = solve_placement(problem)
        people = list(wishes)
        most = min(n_people, sum(capacities.values()))
        best = None
        for choice in itertools.product([*ids, None], repeat=n_people):
            if any(choice.count(s) > capacities[s] for s in ids):
                continue
            if sum(s is not None for s in choice) != most:
                continue
            assignment = {p: s for p, s in zip(people, choice, strict=True) if s is not None}
            if any(assignment.get(p) != s for p, s in pins.items()):
                continue
            value = _cost(problem, assignment) + balance_penalty(
                problem=problem, assignment=assignment
            )
            best = value if best is None else min(best, value)
        assert all(result.assignment[p] == s for p, s in pins.items())
        assert result.stats.placed == most
        found = result.stats.total_cost + result.stats.balance_penalty
        assert best is not None
        assert best - 1e-9 <= found <= best + 0.02 * n_people + 1e-9


def test_solve_placement_shortfall_tie_break_prefers_earlier_registrations():
    # Among all placements of the most people at the least cost, the flow must pick one whose
    # placed people have the smallest sum of registration positions.
    rng = random.Random(8)
    for _ in range(30):
        capacities = {"A": rng.randint(0, 2), "B": rng.randint(0, 2), "C": rng.randint(1, 2)}
        ids = list(capacities)
        n_people = rng.randint(sum(capacities.values()) + 1, 7)
        wishes = {f"p{i}": rng.sample(ids, rng.randint(0, 2)) for i in range(n_people)}
        problem = _problem(capacities, wishes)
        result = solve_placement(problem)
        people = list(wishes)
        best = None
        for choice in itertools.product([*ids, None], repeat=n_people):
            if any(choice.count(s) > capacities[s] for s in ids):
                continue
            if sum(s is not None for s in choice) != sum(capacities.values()):
                continue
            assignment = {p: s for p, s in zip(people, choice, strict=True) if s is not None}
            key = (_cost(problem, assignment), sum(people.index(p) for p in assignment))
            best = key if best is None else min(best, key)
        found = (result.stats.total_cost, sum(people.index(p) for p in result.assignment))
        assert found == best


def test_penalty_arcs_are_convex_and_exact_at_segment_ends():
    from innspill.analysis.placement import COST_SCALE, _penalty_arcs

    for count_before, units, quota, weight in [
        (0, 400, 11.3, 1.0),
        (5, 90, 2.0, 0.5),
        (0, 7, 9.5, 2),
    ]:
        arcs = _penalty_arcs(count_before=count_before, units=units, quota=quota, weight=weight)
        assert sum(capacity for capacity, _ in arcs) == units
        slopes = [cost for _, cost in arcs]
        assert slopes == sorted(slopes)
        count, total = count_before, 0
        for capacity, cost in arcs:
            count += capacity
            total += capacity * cost
            # Pinned people already in the cell (count_before) are not priced by the arcs.
            exact = (
                weight
                * (max(0.0, count - quota) ** 2 - max(0.0, count_before - quota) ** 2)
                * COST_SCALE
            )
            assert abs(total - exact) <= 0.5 * (count - count_before)


def test_solve_placement_breaks_equal_cost_ties_by_registration_order():
    # Either p → A and q → C, or p → B and q → A: both cost 1 + 4.
    forward = solve_placement(
        _problem({"A": 1, "B": 1, "C": 1}, {"p": ["A", "B"], "q": ["A", "C"]})
    )
    assert forward.assignment == {"p": "A", "q": "C"}
    backward = solve_placement(
        _problem({"A": 1, "B": 1, "C": 1}, {"q": ["A", "C"], "p": ["A", "B"]})
    )
    assert backward.assignment == {"q": "A", "p": "B"}


def test_solve_placement_tie_break_weighs_earlier_registrations_against_brute_force():
    # Distinct wish lists (every group is one person): among all min-cost placements the flow
    # must minimise the wish costs weighted by (people − registration position).
    rng = random.Random(21)
    ids = ["A", "B", "C", "D"]
    lists = [list(w) for k in range(1, 4) for w in itertools.permutations(ids, k)]
    for _ in range(30):
        capacities = {s: rng.randint(1, 2) for s in ids}
        n_people = rng.randint(2, min(6, sum(capacities.values())))
        chosen = rng.sample(lists, n_people)
        wishes = {f"p{i}": w for i, w in enumerate(chosen)}
        problem = _problem(capacities, wishes)
        result = solve_placement(problem)
        people = list(wishes)

        def key(assignment, people=people, problem=problem):
            weighted = sum(
                (len(people) - i) * _cost(problem, {p: assignment[p]}) for i, p in enumerate(people)
            )
            return (_cost(problem, assignment), weighted)

        best = None
        for choice in itertools.product(ids, repeat=n_people):
            if any(choice.count(s) > capacities[s] for s in ids):
                continue
            value = key(dict(zip(people, choice, strict=True)))
            best = value if best is None else min(best, value)
        assert key(result.assignment) == best
