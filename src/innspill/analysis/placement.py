"""Placement of conference participants in parallel sessions by ranked wishes.

The objective: a participant's k-th wish costs k², a session not among their wishes costs
(number of sessions + 1)². The optimum is found exactly as a min-cost flow (OR-Tools
``SimpleMinCostFlow``)::

    source → group → [balance layers] → session → sink

A *group* is every non-pinned participant with the same wish list (and, when balance is on,
the same balanced attributes); its members are interchangeable, so the flow only decides how
many of them go where. Inside a group the earlier registrations get the better-ranked seats.
Sessions a participant did not wish for are reached through one *overflow* node per group
key, which keeps the graph at about (groups × wishes + sessions) arcs instead of
groups × sessions. Pinned participants are seated first and use up their session's seats.

Capacity shortfall: the flow is a maximum flow of minimum cost, so as many people as seats
allow are placed and the wish cost of those placed is minimal. Among placements with that
minimal cost, the earlier registrations are placed (a tie-break cost on the source arcs,
scaled so it can never change the wish cost; if int64 arc costs cannot hold one level per
person, registration order is cut into as many equal blocks as fit); the rest are
``unplaced``. Without a shortfall, among placements of equal cost the flow minimises the wish
costs weighted by registration order (earliest heaviest; a group weighs as its earliest
member), so when two people could swap at no cost the earlier registration gets the better
wish. Both tie-breaks only ever choose between optimal placements.

Balance (soft): for an attribute with weight ``w``, a session ``s`` and a category ``c`` the
penalty is ``w · max(0, n[s, c] − q[s, c])²`` with the quota ``q[s, c] = size[s] · share[c]``,
where ``size[s]`` is the session's capacity times the overall load (participants / seats, at
most 1) and ``share[c]`` the category's share of all participants. Only over-representation is
penalised; since every category's total is fixed, that also limits under-representation. The
convex penalty is modelled exactly with parallel arcs of increasing cost (unit arcs for the
first 32 over the quota, then doubling segments priced by their secant: exact at segment ends,
an over-estimate between).
Both attributes at once form a laminar family: participant → (session, type, region) →
(session, type) → session, so the organisation type is balanced exactly against its quota
and the region is balanced within each organisation type (cells (type, region) against
``size[s] · share[type, region]``), which is the nearest exact flow model of two crossing
partitions. Participants without a value for a balanced attribute are not penalised.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SessionId = str | int
ParticipantId = str | int

BALANCE_ATTRIBUTES = ("organisation_type", "region")
MAX_BALANCE_WEIGHT = 1000.0
# Balance weights are reals; arc costs are integers in units of 1/COST_SCALE.
COST_SCALE = 100
# Exact unit arcs for this many seats over a quota, then doubling segments.
EXACT_EXCESS_UNITS = 32
_INT_BUDGET = 2**62


class PlacementError(ValueError):
    """The placement problem is invalid (the message names the offending item)."""


@dataclass(frozen=True, slots=True)
class Session:
    """A parallel session (room) with its seat count."""

    id: SessionId
    capacity: int


@dataclass(frozen=True, slots=True)
class Participant:
    """A registered participant: ranked wishes (best first), attributes for balance, a pin."""

    id: ParticipantId
    wishes: tuple[SessionId, ...] = ()
    organisation_type: str | None = None
    region: str | None = None
    pinned: SessionId | None = None


@dataclass(frozen=True, slots=True)
class Balance:
    """Weights of the soft balance penalty per attribute (0 = not balanced)."""

    organisation_type: float = 0.0
    region: float = 0.0

    @property
    def active(self) -> bool:
        return self.organisation_type > 0 or self.region > 0


@dataclass(frozen=True, slots=True)
class PlacementProblem:
    """Sessions of one parallel block and the participants to place in them."""

    sessions: tuple[Session, ...]
    participants: tuple[Participant, ...]  # in registration order
    balance: Balance = field(default_factory=Balance)


@dataclass(frozen=True, slots=True)
class PlacementStats:
    """How well a placement meets the wishes."""

    rank_counts: dict[str, int]  # "1", "2", … and "none" (placed outside the wishes)
    first_choice_share: float  # of all participants, unplaced included
    wish_share: float  # placed in one of their wishes, of all participants
    total_cost: int  # wish cost only: k² per k-th wish, (sessions + 1)² outside the wishes
    placed: int
    unplaced: int
    balance_penalty: float  # 0.0 unless balance was asked for


@dataclass(frozen=True, slots=True)
class SessionFill:
    """One session after placement: fill rate, demand and mix."""

    id: SessionId
    capacity: int
    assigned: int
    pinned: int
    fill_rate: float
    first_wish_demand: int  # how many put this session first
    mix: dict[str, dict[str, int]]  # attribute → category → count (only attributes present)


@dataclass(frozen=True, slots=True)
class PlacementResult:
    """The optimal placement with its explanation and the FCFS baseline."""

    assignment: dict[ParticipantId, SessionId]
    unplaced: tuple[ParticipantId, ...]
    stats: PlacementStats
    fcfs_assignment: dict[ParticipantId, SessionId]
    fcfs_unplaced: tuple[ParticipantId, ...]
    fcfs: PlacementStats
    sessions: tuple[SessionFill, ...]
    without_balance: PlacementStats | None  # the optimum ignoring balance, when balance is on
    overall_mix: dict[str, dict[str, int]]
    message: str | None  # human-readable note when seats are fewer than participants


# ---------------------------------------------------------------------------- validation


def _is_id(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def validate_problem(problem: PlacementProblem) -> None:
    """Raise PlacementError naming the first invalid item of the problem."""
    seen_sessions: dict[str, SessionId] = {}
    for session in problem.sessions:
        if not _is_id(session.id):
            raise PlacementError(f"session id {session.id!r} must be a string or an integer")
        # JSON turns ids into object keys (strings), so 1 and "1" would collide.
        if str(session.id) in seen_sessions:
            raise PlacementError(f"duplicate session id {session.id!r}")
        seen_sessions[str(session.id)] = session.id
        if (
            not isinstance(session.capacity, int)
            or isinstance(session.capacity, bool)
            or session.capacity < 0
        ):
            raise PlacementError(
                f"session {session.id!r}: capacity must be a non-negative integer, "
                f"got {session.capacity!r}"
            )
    known = {session.id for session in problem.sessions}
    seen_participants: set[str] = set()
    pinned_counts: Counter[SessionId] = Counter()
    for participant in problem.participants:
        pid = participant.id
        if not _is_id(pid):
            raise PlacementError(f"participant id {pid!r} must be a string or an integer")
        if str(pid) in seen_participants:
            raise PlacementError(f"duplicate participant id {pid!r}")
        seen_participants.add(str(pid))
        for wish in participant.wishes:
            if not _is_id(wish) or wish not in known:
                raise PlacementError(f"participant {pid!r} wishes unknown session {wish!r}")
        if len(set(participant.wishes)) != len(participant.wishes):
            dup = next(w for w, n in Counter(participant.wishes).items() if n > 1)
            raise PlacementError(f"participant {pid!r} wishes session {dup!r} more than once")
        for attribute in BALANCE_ATTRIBUTES:
            value = getattr(participant, attribute)
            if value is not None and not isinstance(value, str):
                raise PlacementError(f"participant {pid!r}: {attribute} must be a string")
        if participant.pinned is not None:
            if not _is_id(participant.pinned) or participant.pinned not in known:
                raise PlacementError(
                    f"participant {pid!r} is pinned to unknown session {participant.pinned!r}"
                )
            pinned_counts[participant.pinned] += 1
    for session in problem.sessions:
        if pinned_counts[session.id] > session.capacity:
            raise PlacementError(
                f"session {session.id!r} has {pinned_counts[session.id]} pinned participants "
                f"but only {session.capacity} seats"
            )
    for attribute in BALANCE_ATTRIBUTES:
        weight = getattr(problem.balance, attribute)
        if (
            not isinstance(weight, int | float)
            or isinstance(weight, bool)
            or not math.isfinite(weight)
            or not 0 <= weight <= MAX_BALANCE_WEIGHT
        ):
            raise PlacementError(
                f"balance weight for {attribute} must be a number from 0 to "
                f"{MAX_BALANCE_WEIGHT:g}, got {weight!r}"
            )


# ---------------------------------------------------------------------------- cost


def rank_cost(rank: int | None, n_sessions: int) -> int:
    """The wish cost of one seat: k² for the k-th wish, (sessions + 1)² outside the wishes."""
    return (n_sessions + 1) ** 2 if rank is None else rank * rank


def seat_cost(wishes: Sequence[SessionId], session: SessionId, n_sessions: int) -> int:
    """What seating a participant with `wishes` (best first) in `session` costs the optimiser."""
    rank = wishes.index(session) + 1 if session in wishes else None
    return rank_cost(rank, n_sessions)


# ---------------------------------------------------------------------------- indexing


@dataclass(slots=True)
class _Indexed:
    """The problem with sessions as indices 0..S-1; wishes[i] is a tuple of indices."""

    problem: PlacementProblem
    n_sessions: int
    capacities: list[int]
    wishes: list[tuple[int, ...]]
    pinned: list[int]  # session index or -1
    rank: list[dict[int, int]]  # participant → session index → 1-based rank

    @property
    def none_cost(self) -> int:
        return (self.n_sessions + 1) ** 2

    def cost(self, participant: int, session: int) -> int:
        return rank_cost(self.rank[participant].get(session), self.n_sessions)


def _index(problem: PlacementProblem) -> _Indexed:
    position = {session.id: i for i, session in enumerate(problem.sessions)}
    wishes = [tuple(position[w] for w in p.wishes) for p in problem.participants]
    return _Indexed(
        problem=problem,
        n_sessions=len(problem.sessions),
        capacities=[session.capacity for session in problem.sessions],
        wishes=wishes,
        pinned=[-1 if p.pinned is None else position[p.pinned] for p in problem.participants],
        rank=[{s: k for k, s in enumerate(w, start=1)} for w in wishes],
    )


# ---------------------------------------------------------------------------- balance


def _attribute_values(problem: PlacementProblem, attribute: str) -> list[str | None]:
    return [getattr(p, attribute) for p in problem.participants]


def _session_sizes(idx: _Indexed) -> list[float]:
    """Expected occupancy of each session: its capacity times the overall load."""
    seats = sum(idx.capacities)
    if seats == 0:
        return [0.0] * idx.n_sessions
    load = min(1.0, len(idx.pinned) / seats)
    return [capacity * load for capacity in idx.capacities]


def _penalty(count: int, quota: float, weight: float) -> float:
    excess = count - quota
    return weight * excess * excess if excess > 0 else 0.0


def _cell_keys(problem: PlacementProblem, balance: Balance) -> list[list[tuple[str | None, ...]]]:
    """Per balance layer (outermost first) the category key of every participant."""
    types = _attribute_values(problem, "organisation_type")
    regions = _attribute_values(problem, "region")
    layers: list[list[tuple[str | None, ...]]] = []
    if balance.organisation_type > 0:
        layers.append([(t,) for t in types])
    if balance.region > 0:
        if balance.organisation_type > 0:
            layers.append(list(zip(types, regions, strict=True)))
        else:
            layers.append([(r,) for r in regions])
    return layers


def _layer_weights(balance: Balance) -> list[float]:
    weights = []
    if balance.organisation_type > 0:
        weights.append(balance.organisation_type)
    if balance.region > 0:
        weights.append(balance.region)
    return weights


def balance_penalty(
    *, problem: PlacementProblem, assignment: Mapping[ParticipantId, SessionId]
) -> float:
    """The soft balance penalty of an assignment under the problem's balance weights."""
    idx = _index(problem)
    position = {session.id: i for i, session in enumerate(problem.sessions)}
    sessions = [
        position[assignment[p.id]] if p.id in assignment else -1 for p in problem.participants
    ]
    return _balance_penalty(idx, sessions, problem.balance)


def _balance_penalty(idx: _Indexed, sessions: Sequence[int], balance: Balance) -> float:
    if not balance.active or not sessions:
        return 0.0
    sizes = _session_sizes(idx)
    total = len(sessions)
    penalty = 0.0
    for keys, weight in zip(_cell_keys(idx.problem, balance), _layer_weights(balance), strict=True):
        overall = Counter(key for key in keys if None not in key)
        counts: Counter[tuple[int, tuple[str | None, ...]]] = Counter(
            (s, key) for s, key in zip(sessions, keys, strict=True) if s >= 0 and None not in key
        )
        for (s, key), n in counts.items():
            penalty += _penalty(n, sizes[s] * overall[key] / total, weight)
    return round(penalty, 4)


def _penalty_arcs(
    *, count_before: int, units: int, quota: float, weight: float
) -> list[tuple[int, int]]:
    """(capacity, unit cost) arcs whose cheapest-first use prices the convex penalty."""
    arcs: list[tuple[int, int]] = []
    c = count_before
    remaining = units
    free = max(0, min(remaining, math.floor(quota) - c))
    if free:
        arcs.append((free, 0))
        c += free
        remaining -= free
    step = 0
    while remaining > 0:
        # Unit arcs first, then doubling segments priced by their secant: exact at the
        # segment ends, an over-estimate between them, and still convex.
        size = min(
            remaining, 1 if step < EXACT_EXCESS_UNITS else 2 ** (step - EXACT_EXCESS_UNITS + 1)
        )
        slope = (_penalty(c + size, quota, weight) - _penalty(c, quota, weight)) / size
        arcs.append((size, round(slope * COST_SCALE)))
        c += size
        remaining -= size
        step += 1
    return arcs


# ---------------------------------------------------------------------------- the flow


def _optimise(idx: _Indexed, balance: Balance) -> list[int]:
    """Session index per participant (-1 = unplaced) of a min-cost max flow."""
    n = len(idx.pinned)
    result = list(idx.pinned)
    free_cap = list(idx.capacities)
    for s in idx.pinned:
        if s >= 0:
            free_cap[s] -= 1
    free = [i for i in range(n) if idx.pinned[i] < 0]
    seats = sum(free_cap)
    if not free or seats == 0:
        return result
    shortfall = len(free) > seats
    n_sessions = idx.n_sessions
    scale = COST_SCALE if balance.active else 1
    layers = _cell_keys(idx.problem, balance)
    weights = _layer_weights(balance)
    sizes = _session_sizes(idx)
    # The key that decides a participant's path through the balance layers: the innermost cell.
    inner = layers[-1] if layers else [()] * n

    groups: dict[tuple[tuple[int, ...], tuple[str | None, ...]], list[int]] = {}
    for i in free:
        groups.setdefault((idx.wishes[i], inner[i]), []).append(i)

    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []
    # Tie-break data per arc: a registration position (-1: none) and a wish cost to weigh.
    tie_positions: list[int] = []
    tie_costs: list[int] = []

    def arc(
        tail: int, head: int, capacity: int, cost: int, position: int = -1, tie_cost: int = 0
    ) -> int:
        tails.append(tail)
        heads.append(head)
        caps.append(capacity)
        costs.append(cost)
        tie_positions.append(position)
        tie_costs.append(tie_cost)
        return len(tails) - 1

    source, sink = 0, 1
    session_node = list(range(2, 2 + n_sessions))
    next_node = 2 + n_sessions
    for s in range(n_sessions):
        if free_cap[s] > 0:
            arc(session_node[s], sink, free_cap[s], 0)

    # Balance layers: nodes (s, key prefix), built lazily, each draining into its parent.
    layer_nodes: dict[tuple[int, tuple[str | None, ...]], int] = {}
    free_in_cell: list[Counter[tuple[str | None, ...]]] = [
        Counter(keys[i] for i in free) for keys in layers
    ]
    pinned_in_cell: list[Counter[tuple[int, tuple[str | None, ...]]]] = [
        Counter((idx.pinned[i], keys[i]) for i in range(n) if idx.pinned[i] >= 0) for keys in layers
    ]
    overall_in_cell = [Counter(keys) for keys in layers]

    def layer_node(s: int, depth: int, key: tuple[str | None, ...]) -> int:
        """Node of cell `key` of balance layer `depth` in session s (created on first use)."""
        nonlocal next_node
        if depth < 0:
            return session_node[s]
        node_key = (s, key)  # keys of different layers differ in length
        if node_key in layer_nodes:
            return layer_nodes[node_key]
        node = next_node
        next_node += 1
        layer_nodes[node_key] = node
        # Outer layers' keys are prefixes of the inner key: (type, region) → (type,).
        up = layer_node(s, depth - 1, key[:1])
        units = min(free_cap[s], free_in_cell[depth][key])
        if None in key:
            arc(node, up, units, 0)
            return node
        quota = sizes[s] * overall_in_cell[depth][key] / n
        for capacity, cost in _penalty_arcs(
            count_before=pinned_in_cell[depth][(s, key)],
            units=units,
            quota=quota,
            weight=weights[depth],
        ):
            arc(node, up, capacity, cost)
        return node

    def entry(s: int, key: tuple[str | None, ...]) -> int:
        """Node where a participant whose innermost cell is `key` enters session s."""
        return layer_node(s, len(layers) - 1, key)

    # Source arcs; with a shortfall a per-person tie-break prefers earlier registrations.
    source_arcs: list[tuple[int, int]] = []  # (arc, group number)
    group_list = list(groups.items())
    group_node = []
    order_of = {p: rank for rank, p in enumerate(free)}
    for g, (_, members) in enumerate(group_list):
        node = next_node
        next_node += 1
        group_node.append(node)
        if shortfall:
            for p in members:
                source_arcs.append((arc(source, node, 1, 0, position=order_of[p]), g))
        else:
            source_arcs.append((arc(source, node, len(members), 0), g))

    wish_arcs: list[tuple[int, int, int, int]] = []  # (arc, group, session, rank)
    overflow_arcs: list[tuple[int, int]] = []  # (arc, group)
    overflow_nodes: dict[tuple[str | None, ...], int] = {}
    overflow_out: list[tuple[int, tuple[str | None, ...], int]] = []  # (arc, key, session)
    for g, ((wishes, key), members) in enumerate(group_list):
        count = len(members)
        # Without a shortfall the tie-break weighs wish costs by the group's first registration.
        first = -1 if shortfall else order_of[members[0]]
        for k, s in enumerate(wishes, start=1):
            if free_cap[s] > 0:
                wish_arcs.append(
                    (
                        arc(group_node[g], entry(s, key), count, k * k * scale, first, k * k),
                        g,
                        s,
                        k,
                    )
                )
        if len(wishes) < n_sessions:
            if key not in overflow_nodes:
                overflow_nodes[key] = next_node
                next_node += 1
                for s in range(n_sessions):
                    if free_cap[s] > 0:
                        overflow_out.append(
                            (arc(overflow_nodes[key], entry(s, key), free_cap[s], 0), key, s)
                        )
            overflow_arcs.append(
                (
                    arc(
                        group_node[g],
                        overflow_nodes[key],
                        count,
                        idx.none_cost * scale,
                        first,
                        idx.none_cost,
                    ),
                    g,
                )
            )

    # Imported here: numpy + OR-Tools take most of a second to load, and web processes
    # import this module for its dataclasses long before anyone solves a placement.
    import numpy as np
    from ortools.graph.python import min_cost_flow

    cost_arr = np.asarray(costs, dtype=np.int64)
    # Per level, tie-breaks can differ by: with a shortfall, who is placed (at most
    # min(seats, unplaced) people); without, each person's wish cost (at most its range).
    span = min(seats, len(free) - seats) if shortfall else len(free) * (idx.none_cost - 1)
    levels, factor = _tie_levels(
        people=len(free), span=span, max_cost=int(cost_arr.max(initial=0)), nodes=next_node
    )
    if levels:
        positions = np.asarray(tie_positions, dtype=np.int64)
        level = np.where(positions >= 0, positions * levels // len(free), -1)
        if shortfall:
            ties = np.where(level >= 0, level, 0)
        else:
            weight = np.where(level >= 0, levels - level, 0)
            ties = weight * np.asarray(tie_costs, dtype=np.int64)
        final_cost = cost_arr * factor + ties
    else:
        final_cost = cost_arr

    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.asarray(caps, dtype=np.int64),
        final_cost,
    )
    solver.set_node_supply(source, len(free))
    solver.set_node_supply(sink, -len(free))
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"the flow solver failed with status {status!r}")
    flows = solver.flows(np.arange(len(tails), dtype=np.int32))

    placed_per_group = [0] * len(group_list)
    for a, g in source_arcs:
        placed_per_group[g] += int(flows[a])
    direct: list[list[tuple[int, int]]] = [[] for _ in group_list]  # (rank, session)
    for a, g, s, k in wish_arcs:
        direct[g].extend([(k, s)] * int(flows[a]))
    slots: dict[tuple[str | None, ...], list[int]] = defaultdict(list)
    for a, key, s in overflow_out:
        slots[key].extend([s] * int(flows[a]))
    for pool in slots.values():
        pool.reverse()
    overflow_flow = [0] * len(group_list)
    for a, g in overflow_arcs:
        overflow_flow[g] = int(flows[a])

    for g, ((wishes, key), members) in enumerate(group_list):
        seats_for_group = sorted(direct[g])
        wished = set(wishes)
        pool = slots[key]  # sessions in descending order, so pop() takes the first
        for _ in range(overflow_flow[g]):
            # Every split of the overflow has the flow's cost (a wished seat through the
            # overflow would make a cheaper flow), so no slot can be one this group wished;
            # the search is only a guard.
            pick = next((j for j in range(len(pool) - 1, -1, -1) if pool[j] not in wished), -1)
            seats_for_group.append((n_sessions + 1, pool.pop(pick)))
        if len(seats_for_group) != placed_per_group[g]:
            raise RuntimeError("the flow solver returned an inconsistent flow")
        # Earlier registrations in a group get the better-ranked seats.
        for p, (_, s) in zip(members, seats_for_group, strict=False):
            result[p] = s
    return result


def _tie_levels(*, people: int, span: int, max_cost: int, nodes: int) -> tuple[int, int]:
    """How many registration-order levels fit, and the cost factor that keeps them a tie-break.

    The tie-break total can differ between two solutions by at most ``span`` per level, so
    costs are multiplied by ``span · levels + 1``: one unit of real cost outweighs any
    tie-break. OR-Tools multiplies costs by about the node count inside, so everything must
    stay well within int64; large instances get fewer, coarser levels (0: no tie-break).
    """
    if people < 2 or span < 1:
        return 0, 1
    budget = _INT_BUDGET // max(1, (nodes + 1) * (max(max_cost, 1) + 1) * 4)
    levels = min(people, (budget - 1) // span)
    if levels < 2:
        return 0, 1
    return levels, span * levels + 1


# ---------------------------------------------------------------------------- baseline


def _fcfs(idx: _Indexed) -> list[int]:
    """First come, first served in registration order (pins are placed before anyone)."""
    free_cap = list(idx.capacities)
    result = list(idx.pinned)
    for s in idx.pinned:
        if s >= 0:
            free_cap[s] -= 1
    for i, s in enumerate(idx.pinned):
        if s >= 0:
            continue
        choice = next((w for w in idx.wishes[i] if free_cap[w] > 0), -1)
        if choice < 0 and idx.n_sessions:
            # No wished seat left: the emptiest session (first in order on ties), as a
            # secretariat filling in by hand would do.
            best = max(range(idx.n_sessions), key=lambda t: (free_cap[t], -t))
            choice = best if free_cap[best] > 0 else -1
        if choice >= 0:
            free_cap[choice] -= 1
        result[i] = choice
    return result


# ---------------------------------------------------------------------------- reporting


def _stats(idx: _Indexed, sessions: Sequence[int]) -> PlacementStats:
    longest = max((len(w) for w in idx.wishes), default=0)
    counts = {str(k): 0 for k in range(1, longest + 1)}
    counts["none"] = 0
    total = 0
    placed = 0
    for i, s in enumerate(sessions):
        if s < 0:
            continue
        placed += 1
        k = idx.rank[i].get(s)
        counts["none" if k is None else str(k)] += 1
        total += idx.cost(i, s)
    n = len(sessions)
    return PlacementStats(
        rank_counts=counts,
        first_choice_share=round(counts.get("1", 0) / n, 4) if n else 0.0,
        wish_share=round((placed - counts["none"]) / n, 4) if n else 0.0,
        total_cost=total,
        placed=placed,
        unplaced=n - placed,
        balance_penalty=_balance_penalty(idx, sessions, idx.problem.balance),
    )


def _mix(
    problem: PlacementProblem, members: Sequence[int], attributes: Sequence[str]
) -> dict[str, dict[str, int]]:
    mix: dict[str, dict[str, int]] = {}
    for attribute in attributes:
        counter = Counter(getattr(problem.participants[i], attribute) for i in members)
        mix[attribute] = {str(k): v for k, v in sorted(counter.items(), key=lambda kv: str(kv[0]))}
    return mix


def _result(idx: _Indexed, best: list[int], unbalanced: list[int] | None) -> PlacementResult:
    problem = idx.problem
    people = problem.participants
    fcfs = _fcfs(idx)
    attributes = [a for a in BALANCE_ATTRIBUTES if any(getattr(p, a) is not None for p in people)]
    members: list[list[int]] = [[] for _ in problem.sessions]
    for i, s in enumerate(best):
        if s >= 0:
            members[s].append(i)
    first_demand = Counter(w[0] for w in idx.wishes if w)
    pinned = Counter(s for s in idx.pinned if s >= 0)
    fills = tuple(
        SessionFill(
            id=session.id,
            capacity=session.capacity,
            assigned=len(members[s]),
            pinned=pinned[s],
            fill_rate=round(len(members[s]) / session.capacity, 4) if session.capacity else 0.0,
            first_wish_demand=first_demand[s],
            mix=_mix(problem, members[s], attributes),
        )
        for s, session in enumerate(problem.sessions)
    )
    seats = sum(idx.capacities)
    message = None
    if seats < len(people):
        message = (
            f"Only {seats} seats in the sessions for {len(people)} participants: "
            f"{len(people) - seats} could not be placed. Those placed get the lowest total "
            "wish cost; among equally good placements the earlier registrations are placed."
        )
    return PlacementResult(
        assignment={people[i].id: problem.sessions[s].id for i, s in enumerate(best) if s >= 0},
        unplaced=tuple(people[i].id for i, s in enumerate(best) if s < 0),
        stats=_stats(idx, best),
        fcfs_assignment={
            people[i].id: problem.sessions[s].id for i, s in enumerate(fcfs) if s >= 0
        },
        fcfs_unplaced=tuple(people[i].id for i, s in enumerate(fcfs) if s < 0),
        fcfs=_stats(idx, fcfs),
        sessions=fills,
        without_balance=None if unbalanced is None else _stats(idx, unbalanced),
        overall_mix=_mix(problem, range(len(people)), attributes),
        message=message,
    )


# ---------------------------------------------------------------------------- public API


def solve_placement(problem: PlacementProblem) -> PlacementResult:
    """Place participants optimally (min-cost max flow), with the FCFS baseline for comparison."""
    validate_problem(problem)
    idx = _index(problem)
    if problem.balance.active:
        unbalanced = _optimise(idx, Balance())
        best = _optimise(idx, problem.balance)
        return _result(idx, best, unbalanced)
    return _result(idx, _optimise(idx, Balance()), None)


def first_come_first_served(problem: PlacementProblem) -> dict[ParticipantId, SessionId]:
    """The baseline: in registration order each takes their best wish with a seat left.

    Pinned participants are seated first. Someone whose wished sessions are all full goes to
    the session with the most free seats (earlier session on ties); when no seat is left at
    all they are not placed (absent from the returned mapping).
    """
    validate_problem(problem)
    idx = _index(problem)
    return {
        problem.participants[i].id: problem.sessions[s].id
        for i, s in enumerate(_fcfs(idx))
        if s >= 0
    }


def _require(mapping: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise PlacementError(f"{where}: missing {key!r}")
    return mapping[key]


def placement_problem_from_json(data: Mapping[str, Any]) -> PlacementProblem:
    """Build a PlacementProblem from the JSON input of `innspill place`."""
    if not isinstance(data, Mapping):
        raise PlacementError("the problem must be a JSON object")
    raw_sessions = _require(data, "sessions", "problem")
    raw_people = _require(data, "participants", "problem")
    if not isinstance(raw_sessions, list) or not isinstance(raw_people, list):
        raise PlacementError("problem: 'sessions' and 'participants' must be lists")
    sessions = []
    for n, raw in enumerate(raw_sessions):
        if not isinstance(raw, Mapping):
            raise PlacementError(f"sessions[{n}] must be an object")
        sessions.append(
            Session(
                id=_require(raw, "id", f"sessions[{n}]"),
                capacity=_require(raw, "capacity", f"sessions[{n}]"),
            )
        )
    people = []
    for n, raw in enumerate(raw_people):
        if not isinstance(raw, Mapping):
            raise PlacementError(f"participants[{n}] must be an object")
        pid = _require(raw, "id", f"participants[{n}]")
        wishes = raw.get("wishes", [])
        if not isinstance(wishes, list) or not all(_is_id(w) for w in wishes):
            raise PlacementError(f"participant {pid!r}: wishes must be a list of session ids")
        people.append(
            Participant(
                id=pid,
                wishes=tuple(wishes),
                organisation_type=raw.get("organisation_type"),
                region=raw.get("region"),
                pinned=raw.get("pinned"),
            )
        )
    raw_balance = data.get("balance") or {}
    if not isinstance(raw_balance, Mapping):
        raise PlacementError("balance must be an object of attribute → weight")
    unknown = sorted(set(raw_balance) - set(BALANCE_ATTRIBUTES))
    if unknown:
        raise PlacementError(
            f"balance: unknown attribute {unknown[0]!r} (use {', '.join(BALANCE_ATTRIBUTES)})"
        )
    balance = Balance(**{k: raw_balance[k] for k in BALANCE_ATTRIBUTES if k in raw_balance})
    return PlacementProblem(sessions=tuple(sessions), participants=tuple(people), balance=balance)


def _stats_json(stats: PlacementStats) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rank_counts": dict(stats.rank_counts),
        "first_choice_share": stats.first_choice_share,
        "wish_share": stats.wish_share,
        "total_cost": stats.total_cost,
        "placed": stats.placed,
        "unplaced": stats.unplaced,
    }
    return out


def placement_result_to_json(result: PlacementResult, *, balance: Balance) -> dict[str, Any]:
    """The JSON output of `innspill place` for a solved problem."""
    out: dict[str, Any] = {
        "assignment": dict(result.assignment),
        "unplaced": list(result.unplaced),
        "stats": _stats_json(result.stats),
        "fcfs": _stats_json(result.fcfs),
        "sessions": [
            {
                "id": fill.id,
                "capacity": fill.capacity,
                "assigned": fill.assigned,
                "pinned": fill.pinned,
                "fill_rate": fill.fill_rate,
                "first_wish_demand": fill.first_wish_demand,
                **({"mix": fill.mix} if fill.mix else {}),
            }
            for fill in result.sessions
        ],
    }
    if result.overall_mix:
        out["overall_mix"] = result.overall_mix
    if result.without_balance is not None:
        out["stats"]["balance_penalty"] = result.stats.balance_penalty
        out["fcfs"]["balance_penalty"] = result.fcfs.balance_penalty
        out["balance"] = {
            "weights": {a: getattr(balance, a) for a in BALANCE_ATTRIBUTES if getattr(balance, a)},
            "penalty": result.stats.balance_penalty,
            "total_cost": result.stats.total_cost,
            "penalty_without_balance": result.without_balance.balance_penalty,
            "total_cost_without_balance": result.without_balance.total_cost,
            "cost_of_balance": result.stats.total_cost - result.without_balance.total_cost,
        }
    if result.message:
        out["message"] = result.message
    return out


def placement_from_json(data: Mapping[str, Any]) -> dict[str, Any]:
    """Solve the JSON problem of `python -m innspill place` and return the JSON answer."""
    problem = placement_problem_from_json(data)
    return placement_result_to_json(solve_placement(problem), balance=problem.balance)
