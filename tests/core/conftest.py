"""Small criteria sets written for the tests: every value type, comparison,
applicability rule, year-specific threshold, derived threshold and level kind,
in a few lines that the loader-error tests can break one at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from ntm.core.criteria_catalog import CriteriaCatalog, load_shipped_sets
from ntm.core.criteria_loader import load_criteria_set
from ntm.core.criteria_model import CriteriaSet

DEMO = """\
code: demo
name: Bộ thử nghiệm
unit_type: xa
period: {from: 2022, to: 2024}
valid_from: 2022-03-08
documents:
  - {id: law, citation: QĐ 1/QĐ-TTg, title: Văn bản gốc, issued: 2022-03-08}
  - {id: guide, citation: HD 2/HD-BNN, title: Hướng dẫn, issued: null}
legal_basis: [law]
classification:
  kind: region
  label: vùng
  classes:
    - {code: A, name: Vùng A}
    - {code: B, name: Vùng B}
facts:
  - {code: craft, name: Xã có nghề truyền thống}
count_bands:
  source: {doc: guide, tag: V, verified: true}
  bands:
    - {from: 0, label: Dưới 2}
    - {from: 2, label: Từ 2 đến 3}
    - {from: 4, label: Đạt 4}
criteria:
  - code: 1
    name: Một
    indicators:
      - code: "1.1"
        name: Tỷ lệ một
        type: percent
        comparison: ">="
        source: {doc: law, tag: V, verified: true}
        thresholds:
          - {regions: [A], value: 80}
          - {regions: [B], value: 70, source: {doc: guide, tag: P, verified: false}}
      - {code: "1.2", name: Có một, type: boolean, source: {doc: law, tag: R, verified: false}}
  - code: 2
    name: Hai
    indicators:
      - code: "2.1"
        name: Số hai
        type: number
        unit: triệu đồng
        comparison: "<="
        source: {doc: law, tag: V, verified: true}
        thresholds:
          - {value: null, source: {doc: law, tag: "?", verified: false}, note: "R: 5"}
          - {years: 2022, value: 10}
          - {years: [2023], regions: [A], value: 8.5}
      - code: "2.2"
        name: Đếm hai
        type: count
        comparison: "="
        applies_if: craft
        source: {doc: law, tag: V, verified: true}
        thresholds: [{value: 3}]
  - code: 3
    name: Ba
    indicators:
      - code: "3.1"
        name: Loại ba
        type: enum
        options: [x, y, z]
        comparison: in
        source: {doc: law, tag: V, verified: true}
        thresholds: [{value: [x, y]}]
      - code: "3.2"
        name: Nhà tạm
        type: enum
        options: [Có, Không]
        comparison: "="
        applies_unless: craft
        source: {doc: law, tag: V, verified: true}
        thresholds: [{value: Không}]
  - code: 4
    name: Bốn
    indicators:
      - code: "4.1"
        name: Chưa chắc có
        type: boolean
        counted: false
        source: {doc: law, tag: "?", verified: false}
      - code: "4.2"
        name: Tỷ lệ bốn
        type: percent
        comparison: ">="
        source: {doc: law, tag: V, verified: true}
        thresholds: [{value: 50}]
conditions:
  - code: survey
    name: Tỷ lệ hài lòng
    type: percent
    comparison: ">="
    source: {doc: law, tag: V, verified: true}
    thresholds: [{value: 90}]
  - code: debt
    name: Nợ đọng
    type: enum
    options: [Có, Không]
    comparison: "="
    source: {doc: law, tag: V, verified: true}
    thresholds: [{value: Không}]
levels:
  - code: full
    name: Đạt chuẩn
    source: {doc: law, tag: V, verified: true}
    requires:
      - all_criteria
      - {condition: survey}
      - {condition: debt}
  - code: most
    name: Đạt ít nhất 3
    source: {doc: law, tag: V, verified: true}
    requires: [{min_criteria: 3}]
  - code: pair
    name: Đạt 1 trong tiêu chí 1, 2
    source: {doc: law, tag: V, verified: true}
    requires: [{min_criteria: {count: 1, of: [1, 2]}}]
"""

# Takes 1,10 × demo's 2.1 (like QĐ 319 K2) and requires demo to be met.
PLUS = """\
code: plus
name: Bộ phụ thuộc
unit_type: xa
period: {from: 2022, to: 2024}
valid_from: 2022-03-08
documents:
  - {id: law, citation: QĐ 3/QĐ-TTg, title: Văn bản, issued: 2022-03-08}
legal_basis: [law]
classification:
  kind: region
  label: vùng
  classes:
    - {code: A, name: Vùng A}
    - {code: B, name: Vùng B}
criteria:
  - code: K2
    name: Thu nhập cao hơn
    indicators:
      - code: K2
        name: Thu nhập
        type: number
        comparison: ">="
        source: {doc: law, tag: V, verified: true}
        derived:
          {set: demo, indicator: "2.1", factor: 1.10, source: {doc: law, tag: V, verified: true}}
levels:
  - code: model
    name: Kiểu mẫu
    source: {doc: law, tag: V, verified: true}
    requires:
      - {set_met: demo}
      - all_criteria
"""


def write(tmp_path: Path, text: str, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo(tmp_path: Path) -> CriteriaSet:
    return load_criteria_set(write(tmp_path, DEMO))


@pytest.fixture
def demo_catalog(tmp_path: Path) -> CriteriaCatalog:
    write(tmp_path, DEMO)
    write(tmp_path, PLUS, "plus.yaml")
    return load_shipped_sets(tmp_path)


@pytest.fixture(scope="session")
def shipped() -> CriteriaCatalog:
    return load_shipped_sets()
