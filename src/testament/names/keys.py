"""A cross-script key: the consonant skeleton of a name, with letters that sound alike (or that one
transliteration writes for another) in one class, so that `حسینی`, `Hosseini`, `Husaini` and `Hoseyni` all
give `HSYN`. Short vowels are not written in Persian, so vowels are dropped on both sides; long i (ی / i,
ee, ei, y) is kept as `Y` except at the end of a word, where Persian ی is as often a long a (مرتضی).

The key is lossy on purpose (Hasan and Hassan meet; so may two different rare names): use it to find
candidate pairs and as one level of a comparison, never as the only evidence.

Classes: B (b p ب پ) T (t ط ت) S (s z ث س ص ذ ز ض ظ) J (j zh ج ژ) X (sh ch kh x ش چ خ) H (h ح ه)
D (d د) R L M N F (f ف) K (k g c q gh ک گ ق غ) Y (i y ی); a e o u v w ا ع و ء are dropped. Velars and
uvulars share K because transliterations swap them freely (Ghasem, Qasem, Kasem; Gh for گ in French).
"""

from __future__ import annotations

from functools import lru_cache

from testament.names.normalise import Script

__all__ = ["SKELETON_CLASSES", "loosen", "skeleton", "skeleton_latin", "skeleton_persian"]

SKELETON_CLASSES = "BTSJXHDRLMNFKY"

_LATIN: dict[str, str] = {
    "b": "B", "p": "B", "t": "T", "d": "D", "s": "S", "z": "S", "c": "K", "j": "J", "x": "X", "h": "H",
    "k": "K", "g": "K", "q": "K", "f": "F", "l": "L", "m": "M", "n": "N", "r": "R", "y": "Y", "i": "Y",
}  # fmt: skip
_LATIN_DIGRAPHS = {"sh": "X", "ch": "X", "zh": "J"}  # th is t + h (Fathi / فتحی)

_PERSIAN: dict[str, str] = {
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "S", "س": "S", "ص": "S", "ج": "J", "ژ": "J",
    "چ": "X", "ش": "X", "خ": "X", "ح": "H", "ه": "H", "د": "D", "ذ": "S", "ز": "S", "ض": "S",
    "ظ": "S", "ر": "R", "ف": "F", "ق": "K", "غ": "K", "ک": "K", "گ": "K", "ل": "L", "م": "M",
    "ن": "N", "ی": "Y",
}  # fmt: skip


def _finish(classes: list[str]) -> str:
    out: list[str] = []
    for c in classes:
        if not out or out[-1] != c:
            out.append(c)
    if len(out) > 1 and out[-1] == "Y":
        out.pop()
    return "".join(out)


def _lead(word: str) -> int:
    """Where a Latin word's first consonant-or-i may stand: after its initial vowels a, e, o, u; -1 when
    there are none and the word starts with y (a consonant: Yousef / یوسف)."""
    k = 0
    while k < len(word) and word[k] in "aeou":
        k += 1
    return -1 if k == 0 and word[:1] == "y" else k


@lru_cache(maxsize=1 << 18)
def skeleton_latin(word: str) -> str:
    """Skeleton of one normalised Latin word (see `normalise_latin_token`)."""
    classes: list[str] = []
    i, n = 0, len(word)
    while i < n:
        pair = word[i : i + 2]
        if pair in _LATIN_DIGRAPHS:
            classes.append(_LATIN_DIGRAPHS[pair])
            i += 2
            continue
        ch = word[i]
        if ch in "iy" and i == _lead(word):
            pass  # a long i after the initial vowels is a vowel (Ismail / اسماعیل, Ayub / ایوب, Isa / عیسی)
        elif ch == "h" and i == n - 1 and i > 0 and word[i - 1] == "e":
            pass  # a final -eh is a vowel (Fatemeh / فاطمه)
        elif ch == "e" and i > 0 and word[i - 1] == "a":
            classes.append("Y")  # a-e is a hamza on its yeh seat (Qa'emi, Ghaemi / قائمی; Maedeh / مائده)
        elif ch in _LATIN:
            classes.append(_LATIN[ch])
        i += 1
    return _finish(classes)


@lru_cache(maxsize=1 << 18)
def skeleton_persian(word: str) -> str:
    """Skeleton of one normalised Persian-script word (see `normalise_persian`)."""
    if word.startswith(("ای", "عی")):
        word = word[2:]  # initial alef or ain + yeh is a long i (ایرج / Iraj, ایوب / Ayub, عیسی / Isa)
    classes: list[str] = []
    last = len(word) - 1
    for i, ch in enumerate(word):
        if ch == "ه" and i == last and i > 0 and not (word.endswith("اه") or word.endswith("لله")):
            continue  # a final heh is a vowel (فاطمه) except in -ah and Allah (شاه، عبدالله)
        c = _PERSIAN.get(ch)
        if c:
            classes.append(c)
    return _finish(classes)


@lru_cache(maxsize=1 << 18)
def loosen(key: str) -> str:
    """A key with J and Y in one class: German transliteration writes j for ی (Jussef, Jahja, Jasdani), so
    یحیی and Jahja meet here though their keys differ; and without a final H: Latin writes -eh for a final
    ح as for a silent heh (صالح / Saleh, مصلح / Mosleh). Lossier still: a comparison level, never the key."""
    loose = _finish(list(key.replace("J", "Y")))
    if len(loose) > 1 and loose.endswith("H"):
        loose = _finish(list(loose[:-1]))
    return loose


def _silent_heh(word: str) -> str:
    """A Persian word without its final silent heh (زاده → زاد), as `skeleton_persian` reads a word's end."""
    if len(word) > 1 and word.endswith("ه") and not (word.endswith("اه") or word.endswith("لله")):
        return word[:-1]
    return word


def skeleton(words: tuple[str, ...] | list[str], script: Script) -> str:
    """Skeleton of a name written as several normalised words, read as one word (Ali Reza = Alireza). A
    Persian word's final silent heh stays silent inside the name: مهدی‌زاده میلاشی, Mahdizadeh Milachi."""
    if script == "fa":
        return skeleton_persian("".join([*(_silent_heh(w) for w in words[:-1]), *words[-1:]]))
    if script == "latin":
        return skeleton_latin("".join(words))
    return ""
