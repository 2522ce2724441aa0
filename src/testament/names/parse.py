"""Reading a name into the fields linkage compares: title apart, given name as a set of compound parts,
surname as stem + suffix, each with its cross-script key. The original string is kept on every value."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from testament.names._data import load
from testament.names.given import given_names
from testament.names.keys import skeleton, skeleton_latin, skeleton_persian
from testament.names.normalise import (
    Script,
    fold_latin,
    normalise_latin_token,
    normalise_persian,
    split_tokens,
    variant_of,
)

__all__ = ["NameField", "PersonName", "read_given", "read_person_name", "read_surname"]

_CACHE = 1 << 18  # distinct spellings; a million list rows hold far fewer


@dataclass(frozen=True, slots=True)
class NameField:
    """One name field (a given name, a surname, a father's name) ready for comparison.

    `form` is the normalised name as one word (Ali Reza → alireza), `parts` its compound parts sorted
    (a set compared in either order), `key` and `part_keys` their cross-script skeletons. For surnames,
    `stem`/`stem_key` and `affix` split off a known suffix (Hosseinzadeh → hosein + zadeh). `reading` is
    the name in Latin normal form when every part is a known given name (data/given.toml), in either
    script (محمود → mahmud): it tells apart names whose keys coincide (Mohammad / Mahmoud), "" otherwise.
    `word_keys` are the keys of its words as written apart (a given name's compound parts, a surname's
    words once separated suffixes are glued back): a person's name words compare in any order, however a
    full name was split into given name and surname. `chain` holds the same keys in the order written
    (Ali Reza: LY RS), so that a name read as one string survives being cut elsewhere."""

    original: str
    script: Script
    form: str
    parts: tuple[str, ...]
    key: str
    part_keys: tuple[str, ...]
    title: str | None = None
    stem: str | None = None
    stem_key: str | None = None
    affix: str | None = None
    reading: str = ""
    word_keys: tuple[str, ...] = ()
    chain: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.form


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name as read from a list row: given name, surname and the title written beside them."""

    given: NameField
    surname: NameField
    title: str | None


_EMPTY = NameField("", "", "", (), "", ())


# --- word lists ------------------------------------------------------------------------------------------


def _latin_form(text: str) -> str:
    return "".join(normalise_latin_token(w) for w in fold_latin(text).split())


@cache
def _titles() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, spellings in load("titles")["titles"].items():
        for spelling in spellings:
            script, _ = split_tokens(spelling)
            key = normalise_persian(spelling) if script == "fa" else _latin_form(spelling)
            table[key] = canonical
    return table


@cache
def _kinship() -> list[tuple[Script, tuple[str, ...]]]:
    out = [split_tokens(p) for p in load("titles")["kinship"]["prefixes"]]
    return sorted(out, key=lambda item: -len(item[1]))


@cache
def _suffixes() -> tuple[int, list[tuple[str, str, Script]], set[str]]:
    raw = load("affixes")
    entries: list[tuple[str, str, Script]] = []
    for canonical, spellings in raw["suffixes"].items():
        for spelling in spellings:
            script, _ = split_tokens(spelling)
            form = normalise_persian(spelling) if script == "fa" else _latin_form(spelling)
            entries.append((form, canonical, script))
    entries.sort(key=lambda e: -len(e[0]))  # longest first: -zadeh before -e, -ian before -i
    separable = {e[0] for e in entries if e[1] in raw["separable"]}
    return int(raw["min_stem"]), entries, separable


@cache
def _segmentation_parts() -> tuple[frozenset[str], frozenset[str]]:
    """What a joined given name may split into: compound parts and known given names (عیسی‌صالح,
    Alimorad), in Latin normal form and in Persian normal form."""
    latin, persian = _dictionary()
    return latin, frozenset(persian)


@cache
def _dictionary() -> tuple[frozenset[str], dict[str, str]]:
    """Known given names (`given_names()`, compounds of them left out: they are read as their parts) and the
    parts of compounds that are no names by themselves (data/compounds.toml): their Latin normal forms, and
    Persian normal form → Latin normal form."""
    latin: set[str] = set()
    persian: dict[str, str] = {}
    parts = [(lat, (fa,)) for lat, fa in load("compounds")["parts"]]
    names = [(n.latin, n.persian) for n in given_names() if not n.compound]  # compounds read as their parts
    for lat, spellings in [*parts, *names]:
        form = _latin_form(lat)
        latin.add(form)
        for fa in spellings:
            persian.setdefault(normalise_persian(fa), form)
    return frozenset(latin), persian


def _reading(form: str, parts: tuple[str, ...], script: Script) -> str:
    latin, persian = _dictionary()
    whole = (form if form in latin else None) if script == "latin" else persian.get(form)
    if whole:  # Abolfazl is one name, though it also splits into Abol + Fazl
        return whole
    mapped = [(p if p in latin else None) if script == "latin" else persian.get(p) for p in parts]
    if not mapped or any(m is None for m in mapped):
        return ""
    return " ".join(sorted(m for m in mapped if m))


# --- pieces ------------------------------------------------------------------------------------------------


def _segment(
    word: str, known: frozenset[str], form: Callable[[str], str] = lambda piece: piece
) -> tuple[str, ...] | None:
    """Split a joined compound (mohamadreza) into two or more known parts, each part read through `form`;
    None when it does not split."""
    best: tuple[str, ...] | None = None

    def walk(rest: str, acc: tuple[str, ...]) -> None:
        nonlocal best
        if best is not None:
            return
        if not rest:
            if len(acc) > 1:
                best = acc
            return
        for end in range(len(rest), 1, -1):
            head = form(rest[:end])
            if head in known:
                walk(rest[end:], (*acc, head))

    walk(word, ())
    return best


def _pieces(word: str, known: frozenset[str]) -> tuple[str, ...]:
    """A word's known parts, or the word itself when it does not split."""
    return _segment(word, known) or (word,)


@lru_cache(maxsize=_CACHE)
def _split_folded(word: str) -> tuple[str, ...]:
    """A folded Latin word that is a joined compound, split before the letter rules run (Mohammadjavad:
    the rules would read its "dj" as the French j); the pieces in normal form, or the word's normal form."""
    return _segment(word, _segmentation_parts()[0], normalise_latin_token) or (normalise_latin_token(word),)


def _normal_words(words: tuple[str, ...], script: Script) -> list[str]:
    if script == "latin":
        return [normalise_latin_token(w) for w in words]
    return list(words)


_JOINED_TITLES = ("seyed",)  # written joined to a given name in Persian lists: سیدعلی, سیدکریم


def _split_joined_title(words: list[str], script: Script) -> list[str]:
    """A Persian given name written joined to the title Seyed (سیدمهدی) as the title and the name, when
    what follows the title is a known given name: Latin lists write the title apart (Seyed Mehdi). Other
    titles stay inside a word: میرحسین and حاجی‌مراد are names of their own."""
    if script != "fa":
        return words
    titles = _titles()
    _, known = _segmentation_parts()
    out: list[str] = []
    for w in words:
        split = next(
            (
                [t, w[len(t) :]]
                for t, canonical in titles.items()
                if canonical in _JOINED_TITLES and w.startswith(t) and w[len(t) :] in known
            ),
            None,
        )
        out.extend(split or [w])
    return out


def _strip_titles(words: list[str]) -> tuple[list[str], str | None]:
    titles = _titles()
    kept = [w for w in words if w not in titles]
    found = next((titles[w] for w in words if w in titles), None)
    if not kept:  # a lone "Mir" or "Agha" is a name, not a title
        return words, None
    return kept, found


def _word_key(word: str, script: Script) -> str:
    return skeleton_persian(word) if script == "fa" else skeleton_latin(word)


def _token_key(word: str, script: Script) -> str:
    """A word's key with a final long i kept (`MHMDY`): compared as a set of words, Mohammad Ahmadi and
    Ahmad Mohammadi must differ. A final ی that is a long a in a known name (مرتضی, Morteza) is not an i."""
    key = _word_key(word, script)
    if not key or key.endswith("Y"):
        return key
    if script == "fa":
        final_i = word.endswith("ی") and not _dictionary()[1].get(word, "i").endswith("a")
    else:
        final_i = word.endswith(("i", "y"))
    return key + "Y" if final_i else key


def _field(original: str, script: Script, words: list[str], title: str | None, *, surname: bool) -> NameField:
    if not words:
        return NameField(original, script, "", (), "", (), title)
    form = "".join(words)
    if script == "latin":
        form = variant_of(re.sub(r"([a-z])\1+", r"\1", form))
    latin_parts, persian_parts = _segmentation_parts()
    known = persian_parts if script == "fa" else latin_parts
    if surname:
        parts: tuple[str, ...] = (form,)
    else:
        pieces: list[str] = []
        for w in words:
            pieces.extend(_pieces(w, known))
        parts = tuple(sorted(pieces))
    key = skeleton(words, script)
    part_keys = tuple(sorted(_word_key(p, script) for p in parts))
    if not surname:
        reading = _reading(form, parts, script)
        chain = tuple(_token_key(p, script) for w in words for p in _pieces(w, known))
        return NameField(
            original, script, form, parts, key, part_keys, title, reading=reading,
            word_keys=tuple(sorted(chain)), chain=chain,
        )  # fmt: skip
    stem, affix = _split_affix(form, script)
    stem_key = _word_key(stem, script) if stem else key
    reading = _reading(stem or form, (stem or form,), script)
    if reading and affix:
        reading = f"{reading}+{affix}"
    # a word that is a known compound given name counts as its parts, as it does in a given name; a title
    # word is no word of the name here (a surname column holding "سید منصور": given name and surname swapped)
    titles = _titles()
    untitled = [w for w in words if w not in titles] or words
    pieces = [p for w in untitled for p in _pieces(w, known)]
    word_keys = tuple(k for k in (_token_key(p, script) for p in pieces) if k)
    return NameField(
        original, script, form, parts, key, part_keys, title, stem or form, stem_key, affix, reading,
        word_keys, word_keys,
    )  # fmt: skip


def _split_affix(form: str, script: Script) -> tuple[str | None, str | None]:
    min_stem, entries, _ = _suffixes()
    for spelling, canonical, affix_script in entries:
        if affix_script != script or not form.endswith(spelling) or len(form) - len(spelling) < min_stem:
            continue
        stem = form[: -len(spelling)]
        # Rezaei, Babaei, رضایی: the -e- / -ی- before -i belongs to the suffix, not the stem
        glide, vowels = ("e", "aou") if script == "latin" else ("ی", "او")
        if canonical == "i" and len(stem) > min_stem and stem[-1] == glide and stem[-2] in vowels:
            stem = stem[:-1]
        return stem, canonical
    return None, None


def _glue_suffixes(words: list[str]) -> list[str]:
    """'Hossein Zadeh' → 'Hosseinzadeh': a separable suffix written as its own word joins the one before."""
    _, _, separable = _suffixes()
    out: list[str] = []
    for w in words:
        if out and w in separable:
            out[-1] += w
        else:
            out.append(w)
    return out


def _drop_kinship(script: Script, words: tuple[str, ...]) -> tuple[str, ...]:
    for prefix_script, prefix in _kinship():
        if prefix_script == script and words[: len(prefix)] == prefix and len(words) > len(prefix):
            return words[len(prefix) :]
    return words


# --- public ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=_CACHE)
def read_given(text: str | None) -> NameField:
    """A given name (or a father's name): title apart, compound parts as a set. "son of Ali" reads as Ali."""
    if not text:
        return _EMPTY
    script, words = split_tokens(text)
    words = _drop_kinship(script, words)
    normal, title = _strip_titles(_split_joined_title(_normal_words(words, script), script))
    if script == "latin" and title is not None and len(normal) < len(words):
        titles = _titles()
        words = tuple(w for w in words if normalise_latin_token(w) not in titles)
    if script == "latin" and len(normal) == len(words):  # joined compounds split before the letter rules
        normal = [piece for w in words for piece in _split_folded(w)]
    return _field(text, script, normal, title, surname=False)


@lru_cache(maxsize=_CACHE)
def read_surname(text: str | None) -> NameField:
    """A surname: separated suffixes glued back, then split into stem + suffix. Titles stay in it."""
    if not text:
        return _EMPTY
    script, words = split_tokens(text)
    # a title word in a surname column is part of the surname (Mir-Karimi, Sheikholeslami, شیخ الاسلامی)
    return _field(text, script, _glue_suffixes(_normal_words(words, script)), None, surname=True)


_CAPS = re.compile(r"^[A-Z][A-Z'\-]+$")


def _split_full(text: str) -> tuple[str, str]:
    """Given-name text and surname text of a full name. Surname first when written before a comma or in
    capitals (HOSSEINI Ali); otherwise the given name is the first word, and the second too when it is a
    known given name or compound part (Mohammad Reza Karimi, Ali Akbar Hashemi), and the surname is the
    rest: two-word surnames (Nader Hosseini Barzi) are as common as compound given names."""
    for comma in (",", "،"):
        if comma in text:
            head, _, tail = text.partition(comma)
            if head.strip() and tail.strip():
                return tail.strip(), head.strip()
    raw = text.split()
    caps = [w for w in raw if _CAPS.match(w)]
    if caps and len(caps) < len(raw):
        return " ".join(w for w in raw if not _CAPS.match(w)), " ".join(caps)
    return _split_words(raw)


@lru_cache(maxsize=_CACHE)
def _known_given(word: str, script: Script) -> bool:
    """Is a whitespace word of a full name a known given name, or a compound of known names (Alireza)?"""
    latin, persian = _segmentation_parts()
    _, words = split_tokens(word)
    if script == "latin":
        pieces = [p for w in words for p in _split_folded(w)]
        return bool(pieces) and all(p in latin for p in pieces)
    pieces = [p for w in words for p in _pieces(w, persian)]
    return bool(pieces) and all(p in persian for p in pieces)


@lru_cache(maxsize=_CACHE)
def _single(word: str, script: Script) -> bool:
    """Is a whitespace word one name, not a joined compound (Alireza)?"""
    _, words = split_tokens(word)
    if script == "latin":
        return sum(len(_split_folded(w)) for w in words) == 1
    return sum(len(_pieces(w, _segmentation_parts()[1])) for w in words) == 1


def _split_words(raw: list[str]) -> tuple[str, str]:
    """A full name without a comma or capitals as whitespace words: given name first, its first word and
    the second too when that is a known given name or compound part, unless only the last words are known
    given names (Shokati Mohammad Hossein: surname first)."""
    script, _ = split_tokens(" ".join(raw))
    # one normal form per whitespace word, so that the parts returned are the original text
    normal = ["".join(_normal_words(split_tokens(w)[1], script)) for w in raw]
    titles = _titles()
    first = next((i for i, w in enumerate(normal) if w not in titles), len(normal))
    if len(normal) - first < 2:
        if 0 < first < len(normal):  # 'Mirza Mahdian', 'Haji Afshari': the title word is the given name
            return " ".join(raw[:first]), " ".join(raw[first:])
        return " ".join(raw), ""
    known = [_known_given(w, script) for w in raw]
    _, _, separable = _suffixes()
    if not known[first] and known[-1] and normal[-1] not in separable:
        cut = len(normal) - 1
        if cut - first >= 2 and known[cut - 1]:
            cut -= 1
        return " ".join(raw[:first] + raw[cut:]), " ".join(raw[first:cut])
    cut = first + 1
    if len(normal) - first >= 3 and known[cut] and normal[cut] not in titles and _single(raw[first], script):
        cut += 1  # a compound given name written as two words (not 'Alireza Mohammad', 'Ali Mir')
    while cut > first + 1 and normal[cut] in separable:
        cut -= 1  # 'Ali Hossein Zadeh': the suffix word stays with its stem
    return " ".join(raw[:cut]), " ".join(raw[cut:])


@lru_cache(maxsize=1 << 16)  # whole-name combinations rarely repeat exactly: their parts are cached
def read_person_name(
    full: str | None = None, given: str | None = None, surname: str | None = None
) -> PersonName:
    """A person's name from whichever of full name, given name and surname a record has. Separate given
    and surname fields win over a full name; the title of either part is the person's title."""
    if not given and not surname and full:
        given, surname = _split_full(full)
    g = read_given(given)
    s = read_surname(surname)
    title = g.title or s.title
    return PersonName(g, s, title)
