"""The authorisation matrix, generated from the URL configuration: every
named URL pattern × every role × the commune officer's own commune, another
commune of the same district and a commune of another district, by GET and
POST, answered as ``MATRIX`` says. A pattern missing from ``MATRIX`` fails
("new view not classified"), so no view escapes it.

A row is one line: ``"namespace:name": (GET rule, POST rule, object)``. The
rules (``expected``) name who may pass, from the roles' reach written out
here (``REACH``, ``HOLDS``), not read from ``ntm.accounts.access``; the
object says what the URL's ``pk``/``code`` is (``kwargs_for``). A view
"passes" when it answers anything but a refusal: 2xx, a redirect elsewhere
than the login page, 400 for the empty form this test posts; it "refuses"
with 403/404, or with an error message on a redirect or page (the services'
refusals shown by ``ntm.web.actions.attempt``)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.messages import ERROR, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.web.authorization_world import OTHER, OWN, SIBLING, TARGETS, World, build_world

ROLES = ("admin", "office", "department", "district", "commune", "leader", "no_role")
PROVINCE = {OWN, SIBLING, OTHER}
# Where each role's scope reaches (the demo accounts: province-wide roles,
# the district officer of Huyện Cao Lộc, the commune officer of Xã Tân Liên).
REACH: dict[str, set[str]] = {
    "admin": PROVINCE,
    "office": PROVINCE,
    "department": PROVINCE,
    "leader": PROVINCE,
    "district": {OWN, SIBLING},
    "commune": {OWN},
    "no_role": set(),
}
# What each role may do within its reach (DESIGN: roles and rights); a
# department holds no right on drafts outside its criteria, so none here.
HOLDS: dict[str, set[str]] = {
    "admin": {
        "view",
        "drafts",
        "enter",
        "submit",
        "approve",
        "plans",
        "roadmap",
        "import",
        "reports",
        "flags",
        "thresholds",
        "staff",
    },
    "office": {"view", "drafts", "approve", "plans", "roadmap", "import", "reports", "thresholds"},
    "department": {"view", "reports"},
    "district": {"view", "drafts", "appraise", "plans", "roadmap", "import", "reports"},
    "commune": {"view", "drafts", "enter", "submit", "roadmap", "import", "reports"},
    "leader": {"view", "drafts", "reports"},
    "no_role": set(),
}

PASS, REFUSED, LOGIN, METHOD = "pass", "refused", "login", "method"

# Rules. PUBLIC: anyone, signed in or not. LOGGED_IN: any signed-in person.
# "<right>": who holds the right, anywhere (province-wide pages).
# "<right>@unit": who holds it on the object's commune (or district).
# OWNER: only the person who made the object (the import batch's uploader).
# NO_METHOD: the view does not take this method (405).
# TO_LOGIN: everyone ends on the login page (logging out). NOT_TAKEN: 405
# for everyone, signed in or not.
PUBLIC, LOGGED_IN, OWNER, NO_METHOD = "public", "logged_in", "owner", "no_method"
TO_LOGIN, NOT_TAKEN = "to_login", "not_taken"

# fmt: off
MATRIX: dict[str, tuple[str, str, str]] = {
    # name:                              (GET,             POST,              object)
    "login":                             (PUBLIC,          PUBLIC,            ""),
    "logout":                            (NOT_TAKEN,       TO_LOGIN,          ""),
    "set_language":                      (PUBLIC,          PUBLIC,            ""),
    "password_change":                   (LOGGED_IN,       LOGGED_IN,         ""),
    "home":                              (LOGGED_IN,       NO_METHOD,         ""),
    "units:browse":                      (LOGGED_IN,       NO_METHOD,         ""),
    "units:detail":                      (LOGGED_IN,       NO_METHOD,         "commune"),
    "units:edit_flags":                  (NO_METHOD,       "flags",           "commune"),
    "criteria:list":                     (LOGGED_IN,       NO_METHOD,         ""),
    "criteria:detail":                   (LOGGED_IN,       NO_METHOD,         "set"),
    "criteria:revise":                   ("thresholds",    "thresholds",      "set"),
    "monitoring:entry_home":             ("enter",         NO_METHOD,         ""),
    "monitoring:entry":                  ("drafts@unit",   NO_METHOD,         "commune"),
    "monitoring:entry_start":            (NO_METHOD,       "enter@unit",      "commune"),
    "monitoring:queue":                  ("appraise|approve", NO_METHOD,      ""),
    "monitoring:review":                 ("drafts@unit",   NO_METHOD,         "report"),
    "monitoring:value_save":             (NO_METHOD,       "enter@unit",      "report"),
    "monitoring:value_row":              ("drafts@unit",   NO_METHOD,         "report"),
    "monitoring:value_history":          ("drafts@unit",   NO_METHOD,         "report"),
    "monitoring:evidence_upload":        (NO_METHOD,       "enter@unit",      "report"),
    "monitoring:facts_update":           (NO_METHOD,       "enter@unit",      "report"),
    "monitoring:transition":             (NO_METHOD,       "submit@unit",     "report"),
    "monitoring:evidence":               ("drafts@unit",   NO_METHOD,         "evidence"),
    "monitoring:dashboard":              ("view",          NO_METHOD,         ""),
    "monitoring:district_dashboard":     ("view",          NO_METHOD,         "district"),
    "monitoring:scorecard":              ("view",          NO_METHOD,         "commune"),
    "jobs:status":                       ("drafts@unit",   NO_METHOD,         "job"),
    "planning:home":                     (LOGGED_IN,       NO_METHOD,         ""),
    "planning:roadmap":                  ("view",          "roadmap@unit",    "targeted"),
    "planning:milestone_row":            ("view",          NO_METHOD,         "milestone"),
    "planning:milestone_save":           (NO_METHOD,       "roadmap@unit",    "milestone"),
    "planning:milestone_delete":         (NO_METHOD,       "roadmap@unit",    "milestone"),
    "planning:targeted_remove":          (NO_METHOD,       "plans@unit",      "bare_targeted"),
    "planning:evidence":                 ("view",          NO_METHOD,         "actual"),
    "planning:detail":                   ("view",          NO_METHOD,         "plan"),
    "planning:dashboard":                ("view",          NO_METHOD,         "plan"),
    "planning:cascade":                  ("view",          "plans@province",  "plan"),
    "planning:targeted":                 ("view",          "plans",           "plan"),
    "planning:candidates":               ("view",          NO_METHOD,         "plan"),
    "planning:candidate_pick":           (NO_METHOD,       "plans@unit",      "plan_commune"),
    "planning:overdue":                  ("view",          NO_METHOD,         "plan"),
    "planning:report_actual":            ("view",          "plans@province",  "plan"),
    "exchange:home":                     (LOGGED_IN,       NO_METHOD,         ""),
    "exchange:template":                 ("import@unit",   NO_METHOD,         "commune"),
    "exchange:upload":                   (NO_METHOD,       "import",          ""),
    "exchange:batch":                    ("drafts@unit",   NO_METHOD,         "batch"),
    "exchange:batch_status":             ("drafts@unit",   NO_METHOD,         "batch"),
    "exchange:commit":                   (NO_METHOD,       OWNER,             "batch"),
    "exchange:discard":                  (NO_METHOD,       OWNER,             "batch"),
    "exchange:batch_xlsx":               ("drafts@unit",   NO_METHOD,         "batch"),
    "exchange:history_xlsx":             (LOGGED_IN,       NO_METHOD,         ""),
    "exchange:export":                   ("view",          NO_METHOD,         "commune"),
    "reports:home":                      ("reports",       "reports",         ""),
    "reports:row":                       ("drafts@unit",   NO_METHOD,         "document"),
    "reports:download":                  ("drafts@unit",   NO_METHOD,         "document"),
}
# fmt: on
# What a request sends besides the URL (query for GET, form for POST);
# "{commune}" is the commune of the case.
KEY = {"set": "xa-ntm-2021-2025", "code": "2.1"}
PARAMS: dict[str, dict[str, Any]] = {
    "units:edit_flags": {"reason": "Kiểm tra quyền"},
    "monitoring:value_row": KEY,
    "monitoring:value_history": KEY,
    "monitoring:evidence_upload": KEY,
    "monitoring:transition": {"name": "submit", "expected_status": "draft"},
    "planning:milestone_save": {
        "criterion": "2",
        "title": "Hoàn thành",
        "responsible": "UBND xã",
        "due_date": "2023-06-30",
        "status": "in_progress",
        "version": "1",
    },
    "planning:milestone_delete": {"version": "1"},
    "planning:candidate_pick": {"unit": "{commune}", "level": "nang_cao"},
    "exchange:template": {"don_vi": "{commune}", "ky": "2023"},
    "exchange:export": {"don_vi": "{commune}", "ky": "2023"},
}
pytestmark = pytest.mark.django_db
ADMIN = "admin"  # the Django admin's namespace: staff only, tested on its own
# Admin pages open to all (its login, logout) or needing parameters (autocomplete).
ADMIN_OPEN = {f"{ADMIN}:login", f"{ADMIN}:logout", f"{ADMIN}:autocomplete"}
SHARED = {"set", "plan", "actual"}  # objects of the province, not of a commune


def named_patterns(
    patterns: list[Any] | None = None, namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every named pattern of the URL configuration, with its namespace."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace or ""
            yield from named_patterns(entry.url_patterns, inner if entry.namespace else namespace)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def pattern_names() -> list[str]:
    return sorted({name for name, _ in named_patterns()})


def kwargs_for(name: str, obj: str, world: World, target: str) -> dict[str, Any]:
    """The URL kwargs of ``name`` for the object ``obj`` of commune ``target``."""
    held = world.targets[target]
    values: dict[str, Any] = {
        "commune": {
            "code": held.commune.code,
            "unit_code": held.commune.code,
            "period_code": "2023",
        },
        "district": {"code": held.district.code},
        "set": {"code": "xa-ntm-2021-2025", "indicator": "2.1"},
        "plan": {"code": world.shared["plan"], "key": world.shared["key"]},
        "plan_commune": {"code": world.shared["plan"]},  # the commune goes in the form
        "actual": {"pk": world.shared["actual"]},
        "document": {"pk": held.ids["document"], "fmt": "docx"},
    }.get(obj, {"pk": held.ids.get(obj)})
    return {k: v for k, v in values.items() if k in _kwarg_names(name)}


def _kwarg_names(name: str) -> set[str]:
    pattern = dict(named_patterns())[name]
    return set(pattern.pattern.regex.groupindex)


def expected(rule: str, role: str | None, target: str) -> str:
    if rule == PUBLIC:
        return PASS
    if rule == NOT_TAKEN:
        return METHOD
    if role is None or rule == TO_LOGIN:
        return LOGIN
    if rule == NO_METHOD:
        return METHOD
    if rule == LOGGED_IN:
        return PASS
    if rule == OWNER:
        return PASS if role == "commune" and target == OWN else REFUSED
    rights, _, where = rule.partition("@")
    if not HOLDS[role] & set(rights.split("|")):
        return REFUSED
    if where == "unit" and target not in REACH[role]:
        return REFUSED
    if where == "province" and REACH[role] != PROVINCE:
        return REFUSED
    return PASS


def outcome(response: Any) -> str:
    status = response.status_code
    location = response.get("Location", "")
    if status == 302 and ("/dang-nhap/" in location or "/quan-tri/login/" in location):
        return LOGIN
    if status == 405:
        return METHOD
    if status in (403, 404):
        return REFUSED
    if status >= 500:
        return f"error {status}"
    errors = [m for m in get_messages(response.wsgi_request) if m.level == ERROR]
    return REFUSED if errors else PASS


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _params(name: str, world: World, target: str) -> dict[str, Any]:
    commune = world.targets[target].commune.code
    params: dict[str, Any] = {
        k: v.replace("{commune}", commune) if isinstance(v, str) else v
        for k, v in PARAMS.get(name, {}).items()
    }
    if name == "monitoring:evidence_upload":
        params["file"] = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban")
    if name == "planning:milestone_save":
        prefix = f"m{world.targets[target].ids['milestone']}-"
        params = {prefix + k: v for k, v in params.items()}
    return params


def _request(client: Client, method: str, url: str, params: dict[str, Any]) -> Any:
    """One request, its writes rolled back (a POST must not change what the
    next person sees)."""
    cookies = copy.deepcopy(client.cookies)  # a logout ends the session of the client
    with transaction.atomic():
        send = client.get if method == "GET" else client.post
        response = send(url, params)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def test_every_view_is_classified():
    missing = [n for n in pattern_names() if n not in MATRIX and not n.startswith(f"{ADMIN}:")]
    assert not missing, f"new view not classified in MATRIX: {missing}"
    stale = [n for n in MATRIX if n not in pattern_names()]
    assert not stale, f"rows for views that no longer exist: {stale}"


def _cases(world: World) -> Iterator[tuple[str, str, str, str, str]]:
    """(pattern, URL, method, rule, target) of every case of the matrix."""
    for name in pattern_names():
        if name.startswith(f"{ADMIN}:"):
            continue
        get_rule, post_rule, obj = MATRIX[name]
        for target in TARGETS if obj and obj not in SHARED else (OWN,):
            url = reverse(name, kwargs=kwargs_for(name, obj, world, target))
            yield name, url, "GET", get_rule, target
            yield name, url, "POST", post_rule, target


def test_the_matrix(world):
    clients: dict[str | None, Client] = {None: Client(raise_request_exception=False)}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(world.users[role])
    wrong, count = [], 0
    for name, url, method, rule, target in _cases(world):
        for role in (None, *ROLES):
            got = outcome(_request(clients[role], method, url, _params(name, world, target)))
            want = expected(rule, role, target)
            count += 1
            if got != want:
                wrong.append(f"{name} {method} {role or 'anonymous'} {target}: {got} (want {want})")
    assert count > 1000  # every pattern × role × commune × method
    assert not wrong, "\n".join(wrong)


def test_the_admin_is_for_staff_only(world):
    """The Django admin (its pages without parameters): only the province
    administrator gets in (a page may still refuse an action, such as adding
    a task row); everyone else is sent to the admin's login."""
    pages = [n for n in pattern_names() if n.startswith(f"{ADMIN}:") and not _kwarg_names(n)]
    assert f"{ADMIN}:index" in pages
    for role in (None, *ROLES):
        client = Client(raise_request_exception=False)
        if role is not None:
            client.force_login(world.users[role])
        for name in sorted(set(pages) - ADMIN_OPEN):
            got = outcome(_request(client, "GET", reverse(name), {}))
            if role == "admin":
                assert got != LOGIN and (got == PASS or name.endswith("_add")), f"{name}: {got}"
            else:
                assert got == LOGIN, f"{name} {role}: {got}"


# Writes a GET may make: the session (its last-activity time, kept by
# ntm.accounts.middleware) and the login throttle's records.
GET_MAY_WRITE = ("django_session", "axes_")
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def test_no_get_writes_to_the_database(world):
    """Every URL pattern, opened with GET by every role (and anonymously) on
    every commune, writes nothing: a page that created rows when opened
    would change data for a person who only looked (or for a crawler)."""
    writes: list[str] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        verb = sql.lstrip().split(None, 1)[0].upper()
        if verb in WRITE_VERBS and not any(t in sql for t in GET_MAY_WRITE):
            writes.append(sql[:120])
        return execute(sql, params, many, context)

    clients: dict[str | None, Client] = {None: Client(raise_request_exception=False)}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(world.users[role])
    wrong = []
    for name, url, method, _rule, target in _cases(world):
        if method != "GET":
            continue
        for role in (None, *ROLES):
            writes.clear()
            with connection.execute_wrapper(watch):
                _request(clients[role], "GET", url, _params(name, world, target))
            if writes:
                wrong.append(f"{name} {role or 'anonymous'} {target}: {writes[0]}")
    assert not wrong, "\n".join(wrong)
