"""Case file build time: an accused linked to N acts (default 200) through a position held at one prison,
each act attested by a span of one of several testimonies, every act linked to an element; the case file
built end to end (gated read, HTML) and then its PDF, on SQLite.

Run: .venv/bin/python bench/casefile.py [--acts N]. Prints the times for bench/README.md. Testimonies and
names are invented; the acts cycle through execution, imprisonment, flogging, torture and refusal to inform
the family, over the summer of 1988.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from testament.ingest import IngestOptions, ingest_files
from testament.legal import (
    Evidence,
    add_organisation,
    add_person,
    add_place,
    add_position,
    link_element,
    render_case_file,
)
from testament.legal.records import add_acts
from testament.settings import Settings
from testament.store.access import Viewer
from testament.store.case import Case

KINDS = [
    ("execution", "icc-rome-art7:a:conduct", "{name} was executed at Gohardasht."),
    ("imprisonment", "icc-rome-art7:e:conduct", "{name} was held at Gohardasht without trial."),
    ("flogging", "icc-rome-art7:f:conduct", "{name} was flogged in the corridor."),
    ("torture", "icc-rome-art7:f:conduct", "{name} was tortured before the hearing."),
    ("family_not_informed", "icc-rome-art7:i:refusal", "The family of {name} was never told anything."),
]
GIVEN = ["Ali", "Reza", "Mehdi", "Maryam", "Zahra", "Hamid", "Saeed", "Fatemeh"]
SURNAMES = ["Ahmadi", "Karimi", "Rahimi", "Moradi", "Jafari", "Rezaei", "Kazemi"]


def build(folder: Path, n: int, testimonies: int = 8, seed: int = 1) -> tuple[Case, int, float]:
    rng = random.Random(seed)
    case = Case.create(folder / "case", settings=Settings(actor="bench"))
    sentences: list[list[tuple[str, str, int]]] = [[] for _ in range(testimonies)]
    for i in range(n):
        _, element, pattern = KINDS[i % len(KINDS)]
        name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {i}"
        sentences[i % testimonies].append((pattern.format(name=name), element, i))
    paths = []
    for t, items in enumerate(sentences):
        path = folder / f"t{t}.txt"
        path.write_text(" ".join(s for s, _, _ in items) + "\n", "utf-8")
        paths.append(path)
    report = ingest_files(case, paths, IngestOptions(kind="testimony"))
    ids = [int(f.artifact_id or 0) for f in report.files]
    start = time.perf_counter()
    accused = add_person(case, "Accused Person")
    place = add_place(case, "Gohardasht")
    org = add_organisation(case, "Gohardasht commission")
    add_position(case, accused, "commission member", place_id=place, organisation_id=org,
                 start="1988-07-01", end="1988-12-31")  # fmt: skip
    specs, elements = [], []
    for t, items in enumerate(sentences):
        text = " ".join(s for s, _, _ in items) + "\n"
        for sentence, element, i in items:
            at = text.index(sentence)
            victim = None
            specs.append(
                {
                    "act_type": KINDS[i % len(KINDS)][0], "victim_person_id": victim, "place_id": place,
                    "start": dt.date(1988, 7, 28) + dt.timedelta(days=i % 60),
                    "evidence": [("victim_of", Evidence(ids[t], sentence, at, at + len(sentence), page=1,
                                                        review_status="accepted"))],
                }
            )  # fmt: skip
            elements.append(element)
    act_ids = add_acts(case, specs)
    for act_id, element in list(zip(act_ids, elements, strict=True))[:25]:  # an analyst's first links
        link_element(case, element, "act", act_id)
    return case, accused, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        case, accused, setup = build(Path(tmp), args.acts)
        try:
            viewer = Viewer(None, "reader", "viewer")
            cpu, start = time.process_time(), time.perf_counter()
            made = render_case_file(case, accused, viewer)
            html_s = time.perf_counter() - start
            start = time.perf_counter()
            pdf = made.pdf()
            pdf_s = time.perf_counter() - start
            cpu = time.process_time() - cpu
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
        finally:
            case.close()
    print("| acts | charges | citations | pages | HTML (s) | PDF (s) | total (s) | CPU (s) | PDF size |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {len(made.data.acts)} | {len(made.data.charges)} | {len(made.data.citations)} | {pages} "
        f"| {html_s:.2f} | {pdf_s:.2f} | {html_s + pdf_s:.2f} | {cpu:.2f} | {len(pdf) / 1e6:.1f} MB |"
    )
    print(f"(setup of the case, not timed above: {setup:.1f} s)")


if __name__ == "__main__":
    main()
