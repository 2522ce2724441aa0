"""How one name is written by different lists: Latin transliteration styles and Persian-script forms.

Every name token (a given name, a surname) gets a small, fixed table of spellings, built once from the
rules in `data/spelling.toml`: the English, French and German house spellings, single and paired rule
variants (Hoseini, Qasemi, Hosseinzade...) and the explicit extras in `names.toml`. Rendering a column
is then an index into that table, so a million rows cost a few numpy operations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import numpy as np

from testament.synthetic._data import load

__all__ = [
    "COMPOUND_MODES",
    "LATIN_STYLES",
    "NameTable",
    "name_tables",
    "persian_form",
    "typo",
]

LATIN_STYLES = ("en", "fr", "de")
COMPOUND_MODES = ("joined", "split", "hyphen")
_PERSIAN_FORMS = 12  # 2 yeh x 2 kaf x 3 joiners

Rule = tuple[re.Pattern[str], str]


@cache
def _rules() -> tuple[dict[str, list[Rule]], list[Rule], int]:
    raw = load("spelling")
    house = {
        style: [(re.compile(r["pattern"]), r["replace"]) for r in rules]
        for style, rules in raw["house"].items()
    }
    variants = [(re.compile(r["pattern"]), r["replace"]) for r in raw["variant"]]
    return house, variants, int(raw["max_variants"])


def _apply(parts: tuple[str, ...], rules: list[Rule]) -> tuple[str, ...]:
    out = []
    for part in parts:
        for pattern, replace in rules:
            part = pattern.sub(replace, part)
        out.append(part)
    return tuple(out)


def _compose(parts: tuple[str, ...], mode: str) -> str:
    if len(parts) == 1:
        return parts[0][:1].upper() + parts[0][1:]
    if mode == "joined":
        text = "".join(parts)
        return text[:1].upper() + text[1:]
    caps = [p[:1].upper() + p[1:] for p in parts]
    return (" " if mode == "split" else "-").join(caps)


def _latin_variants(canonical: str, extras: list[str]) -> tuple[list[tuple[str, ...]], dict[str, int]]:
    """All spellings of one token as part-tuples, and the index of each style's house spelling."""
    house_rules, variant_rules, cap = _rules()
    base = tuple(canonical.lower().split("+"))
    spellings: list[tuple[str, ...]] = []

    def add(parts: tuple[str, ...]) -> int:
        if parts not in spellings:
            spellings.append(parts)
        return spellings.index(parts)

    house = {"en": add(base)}
    for style in ("fr", "de"):
        house[style] = add(_apply(base, house_rules[style]))
    for extra in extras:
        add((extra.lower(),))
    one = [_apply(base, [rule]) for rule in variant_rules]
    singles = [s for s in one if s != base]
    for parts in singles:
        add(parts)
    # Pairs of rules, in order. A pair whose first rule leaves the name alone gives a single (or the name),
    # so only rules that changed it start a pair: the same spellings as trying every pair, much faster.
    for i, j in combinations(range(len(variant_rules)), 2):
        if one[i] == base:
            continue
        if len(spellings) >= cap + 3:
            break
        pair = _apply(one[i], [variant_rules[j]])
        if pair != base and pair not in singles:
            add(pair)
    return spellings[: max(cap + 3, max(house.values()) + 1)], house


def persian_form(text: str, form: int) -> str:
    """Persian name `text` ("علی+رضا") written with yeh, kaf and joiner choice `form` (0-11)."""
    raw = load("spelling")["persian"]
    yeh, kaf, joiner = raw["yeh"][form // 6], raw["kaf"][(form // 3) % 2], raw["joiner"][form % 3]
    return text.replace("+", joiner).replace("ی", yeh).replace("ک", kaf)


@dataclass
class _Flat:
    strings: np.ndarray  # object array of every spelling of every token
    offset: np.ndarray  # first spelling of token t
    count: np.ndarray  # number of spellings of token t


class NameTable:
    """One vocabulary (given names, surnames, ...) with every spelling of every token precomputed."""

    def __init__(self, entries: list[list]) -> None:
        self.fa = [str(e[0]) for e in entries]
        self.latin = [str(e[1]) for e in entries]
        self.weights = np.array([float(e[2]) for e in entries])
        spellings, houses = zip(
            *(_latin_variants(str(e[1]), list(e[3]) if len(e) > 3 else []) for e in entries), strict=True
        )
        counts = np.array([len(s) for s in spellings], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self._latin: dict[str, _Flat] = {}
        for mode in COMPOUND_MODES:
            flat = np.array([_compose(p, mode) for s in spellings for p in s], dtype=object)
            self._latin[mode] = _Flat(flat, offsets, counts)
        self._house = {style: np.array([h[style] for h in houses], dtype=np.int64) for style in LATIN_STYLES}
        self._persian = np.array(
            [persian_form(t, f) for t in self.fa for f in range(_PERSIAN_FORMS)], dtype=object
        )

    def __len__(self) -> int:
        return len(self.fa)

    def canonical(self, token: int) -> str:
        """The gazetteer (English house) spelling, compounds joined: the normalised value in truth."""
        return _compose(tuple(self.latin[token].lower().split("+")), "joined")

    def render_latin(
        self,
        tokens: np.ndarray,
        *,
        style: str,
        compound: str,
        noise: float,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Latin spellings of `tokens`: the style's house spelling, or with probability `noise` any other
        spelling and compound form (a different transliterator entered that row)."""
        n = len(tokens)
        which = self._house[style][tokens]
        modes = np.full(n, COMPOUND_MODES.index(compound), dtype=np.int64)
        if noise > 0:
            noisy = rng.random(n) < noise
            k = int(noisy.sum())
            flat0 = self._latin["joined"]
            which[noisy] = (rng.random(k) * flat0.count[tokens[noisy]]).astype(np.int64)
            modes[noisy] = rng.integers(0, len(COMPOUND_MODES), k)
        out = np.empty(n, dtype=object)
        for m, mode in enumerate(COMPOUND_MODES):
            sel = modes == m
            if sel.any():
                flat = self._latin[mode]
                out[sel] = flat.strings[flat.offset[tokens[sel]] + which[sel]]
        return out

    def render_persian(
        self, tokens: np.ndarray, *, form: int, noise: float, rng: np.random.Generator
    ) -> np.ndarray:
        """Persian spellings of `tokens` in the list's letter/joiner `form`; with probability `noise` a
        row uses another form (a different keyboard or typist)."""
        forms = np.full(len(tokens), form, dtype=np.int64)
        if noise > 0:
            noisy = rng.random(len(tokens)) < noise
            forms[noisy] = rng.integers(0, _PERSIAN_FORMS, int(noisy.sum()))
        return self._persian[tokens * _PERSIAN_FORMS + forms]


@dataclass(frozen=True)
class NameTables:
    given: NameTable  # male names first, then female (female ids start at `female_offset`)
    surname: NameTable
    female_offset: int
    seyed: tuple[str, str, tuple[str, ...]]  # Persian, canonical Latin, other Latin spellings
    seyede: tuple[str, str, tuple[str, ...]]


def _tail_weights(shape: np.ndarray, head: np.ndarray, share: float) -> np.ndarray:
    """Weights for tail entries of relative sizes `shape` such that `head` holds `share` of head + tail and
    no tail entry outweighs the lightest head entry: the shape is kept if it fits under that cap, else
    flattened (shape ** alpha, alpha found by bisection) just enough, else made flat."""
    total = float(head.sum()) * (1.0 - share) / share
    cap = float(head.min())
    rel = shape / shape.max()
    if total / rel.sum() <= cap:
        return rel * (total / rel.sum())
    if cap * len(rel) <= total:
        return np.full(len(rel), total / len(rel))
    lo, hi = 0.0, 1.0  # cap * sum(rel ** 0) > total > cap * sum(rel ** 1)
    for _ in range(60):
        mid = (lo + hi) / 2
        if cap * float((rel**mid).sum()) > total:
            lo = mid
        else:
            hi = mid
    out = rel**hi
    return out * (total / out.sum())


def _with_weights(entries: list[list], weights: np.ndarray) -> list[list]:
    return [[e[0], e[1], float(w), *e[3:]] for e, w in zip(entries, weights, strict=True)]


def _given(raw: dict, sex: str) -> list[list]:
    """Head and tail of one sex's given names, the tail scaled to leave the head `given_head_share`."""
    head, tail = raw[sex], raw[f"{sex}_tail"]
    weights = _tail_weights(
        np.array([float(e[2]) for e in tail]),
        np.array([float(e[2]) for e in head]),
        float(raw["given_head_share"]),
    )
    return head + _with_weights(tail, weights)


def _attach(stem_fa: str, stem_latin: str, affix: list) -> tuple[str, str] | None:
    """Stem + suffix in Persian and canonical Latin ("+" before a compound part), or None where the
    spelling rules of surnames.toml rule the pair out."""
    fa, latin = str(affix[0]), str(affix[1])
    if not fa:
        return stem_fa, stem_latin
    if not affix[3]:
        return f"{stem_fa}+{fa}", f"{stem_latin}+{latin}"
    # A joined suffix may carry a compound part after "+" (i+nejad: Ahmadi+nejad); the rules below are
    # about the joined part.
    fa, _, fa_rest = fa.partition("+")
    latin, _, latin_rest = latin.partition("+")
    rest_fa, rest_latin = (f"+{fa_rest}", f"+{latin_rest}") if fa_rest else ("", "")
    if stem_fa.endswith("ه") and stem_latin.endswith("eh"):
        return None  # silent heh: no joined suffix
    if latin[0] not in "aeiou":
        return stem_fa + fa + rest_fa, stem_latin + latin + rest_latin
    if stem_fa.endswith("ی"):
        if not stem_latin.endswith("a"):
            return None  # Ali, Mehdi: -i forms are irregular (Alavi, Mahdavi)
        # موسی -> موسوی Mousavi, مصطفی -> مصطفوی Mostafavi
        return stem_fa[:-1] + "و" + fa + rest_fa, stem_latin + "v" + latin + rest_latin
    if stem_fa.endswith("و"):
        return None
    glide = "ی" if stem_fa.endswith("ا") else ""  # رضا -> رضایی
    vowel = "e" if stem_latin.endswith("a") else ""  # Reza -> Rezaei, Shoja -> Shojaei
    return stem_fa + glide + fa + rest_fa, stem_latin + vowel + latin + rest_latin


def _expand(tags: list[str], classes: dict[str, list[str]]) -> list[str]:
    """Suffix keys named by `tags`: suffixes themselves, or classes of them (classes may name classes)."""
    return [k for t in tags for k in (_expand(classes[t], classes) if t in classes else [t])]


def _surname_tail(head: list[list]) -> list[list]:
    """Surnames made from the stems and suffixes of surnames.toml, heaviest first, none repeating a head
    surname or each other (in Persian or canonical Latin), weighted so that `head` keeps `head_share`."""
    raw = load("surnames")
    affixes = {str(a[1]) or "bare": a for a in raw["surname_affix"]}
    classes = raw["surname_class"]

    def key(fa: str, latin: str) -> tuple[str, str]:
        return fa.replace("+", ""), latin.replace("+", "").lower()

    seen_fa, seen_latin = set(), set()
    for e in head:
        fa_key, latin_key = key(str(e[0]), str(e[1]))
        seen_fa.add(fa_key)
        seen_latin.add(latin_key)
    made: list[list] = []
    for stem_fa, stem_latin, stem_weight, tags in raw["surname_stem"]:
        keys: list[str] = []
        for k in _expand(str(tags).split(), classes):
            if k not in keys:
                keys.append(k)
        for k in keys:
            affix = affixes[k]
            pair = _attach(str(stem_fa), str(stem_latin), affix)
            if pair is None:
                continue
            fa_key, latin_key = key(*pair)
            if fa_key in seen_fa or latin_key in seen_latin:
                continue
            seen_fa.add(fa_key)
            seen_latin.add(latin_key)
            extras = []  # the suffix's other spellings on this stem: Karimnezhad, Ahmadimoghadam
            for alt in affix[4] if len(affix) > 4 else []:
                other = _attach(str(stem_fa), str(stem_latin), [affix[0], alt, 0, affix[3]])
                extras += [other[1].replace("+", "")] if other else []
            made.append([pair[0], pair[1], float(stem_weight) * float(affix[2]), extras])
    shape = np.array([e[2] for e in made])
    order = np.argsort(-shape, kind="stable")
    made = [made[i] for i in order]
    weights = _tail_weights(shape[order], np.array([float(e[2]) for e in head]), float(raw["head_share"]))
    return _with_weights(made, weights)


@cache
def name_tables() -> NameTables:
    """Every name vocabulary: the heads of names.toml, the given-name tails, and the surnames generated
    from surnames.toml after the 80 listed ones."""
    raw = load("names")
    male = _given(raw, "male")
    return NameTables(
        given=NameTable(male + _given(raw, "female")),
        surname=NameTable(raw["surname"] + _surname_tail(raw["surname"])),
        female_offset=len(male),
        seyed=(raw["seyed"][0], raw["seyed"][1], tuple(raw["seyed"][2])),
        seyede=(raw["seyede"][0], raw["seyede"][1], tuple(raw["seyede"][2])),
    )


# Letters a hurried typist confuses (one dot more or less, a neighbouring key).
_CONFUSABLE = {
    "ب": "پت",
    "پ": "ب",
    "ت": "ثب",
    "ث": "ت",
    "ج": "چح",
    "چ": "ج",
    "ح": "خج",
    "خ": "ح",
    "د": "ذ",
    "ذ": "د",
    "ر": "ز",
    "ز": "رژ",
    "س": "ش",
    "ش": "س",
    "ص": "ض",
    "ع": "غ",
    "غ": "ع",
    "ف": "ق",
    "ق": "ف",
    "ک": "گ",
    "گ": "ک",
    "a": "se",
    "e": "ai",
    "i": "eo",
    "o": "ui",
    "u": "oi",
    "s": "az",
    "h": "gj",
    "n": "m",
    "m": "n",
    "r": "et",
    "d": "s",
    "z": "s",
}


def typo(text: str, draws: np.ndarray) -> str:
    """One keying error in `text`, chosen by four uniform draws in [0, 1): delete, swap, double or
    confuse a letter. Never empties a name and never touches its first letter."""
    if len(text) < 3:
        return text
    op = int(draws[0] * 4)
    i = 1 + int(draws[1] * (len(text) - 1))
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == 2:
        return text[:i] + text[i] + text[i:]
    options = _CONFUSABLE.get(text[i].lower())
    if not options:
        return text[:i] + text[i + 1 :]
    swap = options[int(draws[2] * len(options))]
    return text[:i] + swap + text[i + 1 :]
