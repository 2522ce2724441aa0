"""The per-victim dossier on every backend: the claims a role may read with quotes, locators, file hashes
and custody; nothing above the role's clearance in any byte; the PDF renders."""

from __future__ import annotations

import json

from testament.exports.dossier import build_dossier
from testament.store.access import Viewer
from testament.store.custody import read_events
from tests.exports.conftest import ExportCase, canary_hits, pdf_text


def test_dossier_of_a_victim_per_role(export_case: ExportCase) -> None:
    ec = export_case
    victim = ec.victims[0]
    analyst = build_dossier(ec.case, victim, Viewer(None, "analyst1", "analyst"))
    assert "Ali Kazemi" in analyst.html and "علی کاظمی" in analyst.html
    assert "row 1, column name" in analyst.html and "sha256 " in analyst.html and "received #" in analyst.html
    assert canary_hits(analyst.html.encode("utf-8")) == [] and analyst.withheld  # the sealed note
    admin = build_dossier(ec.case, victim, Viewer(None, "admin1", "admin"))
    assert "SEALED-CANARY-7731" in admin.html and not admin.withheld
    with ec.case.read() as conn:
        last = read_events(conn)[-2:]
    assert [ev.event_type for ev in last] == ["disclosed", "disclosed"]  # the sealed field read, the dossier
    assert json.loads(last[0].details)["fields"] and json.loads(last[1].details)["what"] == "dossier"
    pdf = analyst.pdf()
    assert pdf.startswith(b"%PDF") and canary_hits(pdf) == []
    words = pdf_text(pdf)
    assert "Ali Kazemi" in words and canary_hits(words.encode("utf-8")) == []
