"""All criteria sets known to the product, linked to one another.

Sets reference each other: the model commune's K2 takes 1,10 × the advanced
commune's income threshold, and its K1 requires the advanced set to be met.
The catalogue checks every reference and hands each set the sets it takes
thresholds from, so that a set evaluates on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ntm.core.criteria_loader import load_criteria_set
from ntm.core.criteria_model import CriteriaSet, JudgedUnit, ThresholdRevision
from ntm.core.errors import CriteriaLookupError, CriteriaSetError, RevisionError
from ntm.core.messages import gettext_noop, message

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "criteria"


def _check_references(base: dict[str, CriteriaSet]) -> list[str]:
    """Codes in dependency order (a set after those it references)."""
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(code: str, trail: tuple[str, ...]) -> None:
        if state.get(code) == "done":
            return
        if state.get(code) == "visiting":
            raise CriteriaSetError(
                base[code].source_file,
                None,
                message(
                    gettext_noop("tham chiếu vòng: %(items)s"), items=" → ".join((*trail, code))
                ),
            )
        state[code] = "visiting"
        cset = base[code]
        for ref in sorted(cset.referenced_sets()):
            if ref not in base:
                raise CriteriaSetError(
                    cset.source_file,
                    None,
                    message(gettext_noop("tham chiếu bộ tiêu chí «%(ref)s» không có"), ref=ref),
                )
            visit(ref, (*trail, code))
        for measure in cset.iter_measures():
            derived = measure.derived
            if derived is None:
                continue
            other = base[derived.set_code]
            if not other.has_measure(derived.measure_code):
                raise CriteriaSetError(
                    cset.source_file,
                    None,
                    message(
                        gettext_noop(
                            "chỉ tiêu %(indicator)s: bộ %(other)s không có chỉ tiêu "
                            "«%(measure_code)s»"
                        ),
                        indicator=measure.code,
                        other=other.code,
                        measure_code=derived.measure_code,
                    ),
                )
            if other.classification.codes != cset.classification.codes:
                raise CriteriaSetError(
                    cset.source_file,
                    None,
                    message(
                        gettext_noop(
                            "chỉ tiêu %(indicator)s: bộ %(other)s phân loại theo "
                            "%(classification)s khác bộ này"
                        ),
                        indicator=measure.code,
                        other=other.code,
                        classification=other.classification.label,
                    ),
                )
        state[code] = "done"
        order.append(code)

    for code in base:
        visit(code, ())
    return order


@dataclass(frozen=True)
class CriteriaCatalog:
    """Immutable: ``with_revisions`` returns a new catalogue."""

    _base: tuple[CriteriaSet, ...]  # as loaded (+ own revisions), unlinked
    _linked: dict[str, CriteriaSet]

    @classmethod
    def from_sets(cls, sets: Iterable[CriteriaSet]) -> CriteriaCatalog:
        base: dict[str, CriteriaSet] = {}
        for cset in sets:
            if cset.code in base:
                raise CriteriaSetError(
                    cset.source_file,
                    None,
                    message(
                        gettext_noop("mã bộ «%(set)s» trùng với %(source_file)s"),
                        set=cset.code,
                        source_file=base[cset.code].source_file,
                    ),
                )
            base[cset.code] = replace(cset, linked=())
        linked: dict[str, CriteriaSet] = {}
        for code in _check_references(base):
            cset = base[code]
            # Every set referenced (thresholds taken, levels required): a
            # reason names the other set by its name, not its code.
            refs = sorted(cset.referenced_sets())
            linked[code] = replace(cset, linked=tuple(linked[r] for r in refs))
        return cls(tuple(base.values()), linked)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self._base)

    def get(self, code: str) -> CriteriaSet:
        try:
            return self._linked[code]
        except KeyError:
            raise CriteriaLookupError(
                message(
                    gettext_noop("Không có bộ tiêu chí «%(code)s»; các bộ đã nạp: %(codes)s"),
                    code=code,
                    codes=", ".join(self.codes),
                )
            ) from None

    def __contains__(self, code: object) -> bool:
        return code in self._linked

    def __iter__(self) -> Iterator[CriteriaSet]:
        return (self._linked[s.code] for s in self._base)

    def __len__(self) -> int:
        return len(self._base)

    def sets_for(self, unit_type: JudgedUnit, year: int) -> list[CriteriaSet]:
        """The sets that judge a unit of ``unit_type`` in ``year``, in the
        catalogue's order except that each comes after the sets its levels
        depend on (the model commune needs the advanced result). The first is
        the main set: values are entered and counted by it."""
        chosen = [s for s in self if s.unit_type == unit_type and year in s.years]
        ordered: list[CriteriaSet] = []
        while chosen:
            ready = [
                s
                for s in chosen
                if all(
                    ref in {o.code for o in ordered} or ref not in {c.code for c in chosen}
                    for ref in s.referenced_sets()
                )
            ]
            ordered += ready
            chosen = [s for s in chosen if s not in ready]
        return ordered

    def with_revisions(self, revisions: Iterable[ThresholdRevision]) -> CriteriaCatalog:
        """Apply the office's revisions; sets that take thresholds from a
        revised set see the revision too."""
        revs = tuple(revisions)
        for rev in revs:
            if rev.set_code not in self._linked:
                raise RevisionError(
                    message(
                        gettext_noop(
                            "Điều chỉnh ngưỡng %(set_code)s/%(measure_code)s: không có bộ tiêu "
                            "chí «%(set_code)s»"
                        ),
                        set_code=rev.set_code,
                        measure_code=rev.measure_code,
                    )
                )
        return CriteriaCatalog.from_sets(
            s.with_revisions(r for r in revs if r.set_code == s.code) for s in self._base
        )


def load_shipped_sets(directory: str | Path | None = None) -> CriteriaCatalog:
    """Every ``*.yaml`` under ``ntm/data/criteria/`` (or ``directory``). A
    file must be named after its set code, so that a code finds its file."""
    folder = Path(directory) if directory is not None else SHIPPED_DIR
    sets = []
    for path in sorted(folder.glob("*.yaml")):
        cset = load_criteria_set(path)
        if cset.code != path.stem:
            raise CriteriaSetError(
                str(path),
                None,
                message(
                    gettext_noop("tên tệp phải là «%(set)s.yaml» theo mã bộ tiêu chí"),
                    set=cset.code,
                ),
            )
        sets.append(cset)
    return CriteriaCatalog.from_sets(sets)
