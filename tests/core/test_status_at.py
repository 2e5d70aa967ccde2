"""The official status at a period: latest approved observation at or before
it, per unit and criteria set, and the coverage it gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ntm.core.status_at import Coverage, Observed, coverage_of, status_at, statuses_over


def _obs(unit: str, series: str, rank: int, item: int = 0) -> Observed[int]:
    return Observed(unit, series, f"p{rank}", (rank,), item)


def test_latest_at_or_before_the_cutoff_within_the_same_set():
    rows = [
        _obs("a", "S", 1, 10),
        _obs("a", "S", 3, 30),
        _obs("a", "S", 5, 50),  # after the cutoff: not seen
        _obs("b", "S", 2, 20),
        _obs("b", "OLD", 4, 99),  # another set: never carried into S
        _obs("c", "OLD", 1, 5),
    ]
    chosen = status_at(rows, (4,), {"S"})
    assert {k: o.item for k, o in chosen.items()} == {("a", "S"): 30, ("b", "S"): 20}
    assert chosen[("a", "S")].period == "p3"


def test_coverage_counts_carried_forward_and_without_data():
    rows = [_obs("a", "S", 4), _obs("b", "S", 2), _obs("z", "S", 4)]  # z: outside scope
    chosen = status_at(rows, (4,), {"S"}).values()
    cov = coverage_of({"a", "b", "c"}, chosen, "p4")
    assert cov == Coverage(communes=3, with_data=2, carried_forward=1)
    assert cov.reported == 1 and cov.without_data == 1
    assert cov.as_dict() == {
        "communes": 3,
        "with_data": 2,
        "carried_forward": 1,
        "without_data": 1,
    }


observations = st.lists(
    st.builds(
        _obs,
        st.sampled_from("abcd"),
        st.sampled_from(["S", "T"]),
        st.integers(0, 9),
        st.integers(),
    ),
    max_size=40,
    unique_by=lambda o: (o.unit, o.series, o.rank),
)


@given(observations, st.lists(st.integers(0, 10), min_size=1, max_size=5, unique=True))
def test_one_sweep_equals_one_lookup_per_cutoff(rows, cutoffs):
    swept = {c: dict(latest) for c, latest in statuses_over(rows, [(c,) for c in cutoffs])}
    for c in cutoffs:
        assert swept[(c,)] == status_at(rows, (c,), {"S", "T"})
