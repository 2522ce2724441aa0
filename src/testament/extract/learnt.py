"""A learnt alternative to the hand-written role rules: a multinomial logistic regression over the words
and cues around each mention of a person, summed over the person's mentions (docs/extraction.md, "What
three held-out rounds show"). By default ("combined") a person keeps the rules' role where a cue of theirs
gave one and takes the model's (the one without the rules' role) where the rules found none ("other"): on
the fourth fresh part, unseen, that read 47 of 59 roles right against the rules' 37 (docs/extraction.md).
`extract_mentions(text, roles="learnt")` uses the model in `data/roles_model.json` that also reads the
rules' role, `roles="learnt-alone"` the one without it, `roles="rules"` the rules alone.

Inference is plain Python over the stored weights, so the default install can use the model; training
(`train`, bench/train_roles.py) needs scikit-learn (the `learnt` extra). Features of a mention: the four
words before and after it in its sentence (Persian with the zero-width non-joiner folded, and the parts it
joins kept as words of their own), cue classes (kinship, office, killing, speech, trial, prison, orders,
first person, a court abroad) before, after and in the sentence, where it stands (sentence opening, first
sentence, part of the text, in a quotation), whether the text is told in the first person, a title or a
known official's surname, and the rules' own role for the person (stacking). Names are no features (the
persons found are blanked to "<person>", the name lexicon's words dropped): they do not generalise, and
the model file should keep no one's name. Character 3-grams of the windows and the sentence's whole bag
of words were tried and left out: on this little data they lowered leave-one-part-out accuracy. A
person's role is the class with the highest summed log-probability over its mentions."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from testament.errors import InputError
from testament.extract._lexicon import fa_key, lexicon
from testament.extract._text import guarded

if TYPE_CHECKING:
    from testament.extract._text import Document
    from testament.extract.devset import Passage
    from testament.extract.persons import PersonMention

__all__ = [
    "MODEL_FILE",
    "ROLE_SOURCES",
    "Combined",
    "Relabeller",
    "RoleModel",
    "collect_examples",
    "dump_models",
    "features",
    "load_model",
    "relabel_roles",
    "roles_setting",
    "roles_version",
    "train",
    "using_roles",
]

MODEL_FILE = "roles_model.json"
FEATURES_VERSION = 1
_WINDOW_BEFORE = 80
_WINDOW_AFTER = 140
_TOKENS = 4  # words kept on each side

# Who proposes roles: the rules, the model that also reads the rules' role, the model without it, and the
# rules where a cue of theirs gave a role with the model without them for everyone else ("combined").
ROLE_SOURCES: tuple[str, ...] = ("rules", "learnt", "learnt-alone", "combined")
_VARIANTS = {"learnt": "stacked", "learnt-alone": "alone"}
_ROLES_SETTING: ContextVar[str] = ContextVar("testament_extract_roles", default="combined")


class Relabeller(Protocol):
    """What `extract_mentions(roles=...)` accepts besides "rules" and "learnt": given the document, the
    person mentions and the rules' role per entity, the role per entity to use."""

    def relabel(
        self, doc: Document, persons: Sequence[PersonMention], rules: Mapping[int, str]
    ) -> dict[int, str]: ...


# A stored proposal's version names who proposed its roles in a letter: the column holds 32 characters.
_ROLES_CODE = {"combined": "c", "learnt": "l", "learnt-alone": "a"}


@cache
def _model_fingerprint() -> str:
    raw = resources.files("testament.extract").joinpath("data", MODEL_FILE).read_bytes()
    return hashlib.sha256(raw).hexdigest()[:6]


def roles_version(kind: str | None = None) -> str:
    """What a stored proposal adds to the rules' version about its roles: nothing for the rules alone,
    else "+roles.<c|l|a>.<the first 6 hex digits of the model file's SHA-256>" (combined, learnt,
    learnt-alone; `kind`: the setting by default)."""
    kind = kind or roles_setting()
    return "" if kind == "rules" else f"+roles.{_ROLES_CODE[kind]}.{_model_fingerprint()}"


def roles_setting() -> str:
    """Which roles `extract_mentions` uses when not told: "combined" unless inside `using_roles`."""
    return _ROLES_SETTING.get()


@contextmanager
def using_roles(kind: str) -> Iterator[None]:
    """Within the block, extraction (also through `extract_case`) uses `kind` (one of ROLE_SOURCES)."""
    if kind not in ROLE_SOURCES:
        raise InputError(f"roles '{kind}' is not known", hint=f"use one of {', '.join(ROLE_SOURCES)}")
    token = _ROLES_SETTING.set(kind)
    try:
        yield
    finally:
        _ROLES_SETTING.reset(token)


# --- features ------------------------------------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words if w), key=len, reverse=True))


@cache
def _cues() -> dict[str, dict[str, re.Pattern[str]]]:
    """Cue classes per language: each a pattern whose presence in a window is one feature."""
    lex = lexicon()
    b, e = r"(?<![\w\u200c])", r"(?![\w\u200c])"
    en = {
        "kin": rf"\b(?:{_alt(lex.relatives)})\b",
        "office": rf"\b(?:{_alt(lex.positions)})\b",
        "killed": r"\b(?:executed|hanged|hung|killed|shot|murdered|execution|hanging|buried|grave|body)\b",
        "speech": r"\b(?:said|says|told|testified|recalled|recounted|explained|described|interview)\b",
        "trial": r"\b(?:trial|court|accused|defendant|charged|convicted|lawyers?|prosecution)\b",
        "first": r"\b(?:I|me|my|we|our|us)\b",
        "prisoner": r"\b(?:prisoners?|cell(?:mate)?s?|inmates?|ward|survivors?|friends?|comrades?)\b",
        "order": r"\b(?:ordered|decided|sentenced|signed|fatwa|decree|commission|interrogat\w*|tortur\w*)\b",
        "abroad": r"\b(?:Swed\w+|Stockholm|Albania|District Court)\b",
    }
    fa = {
        "kin": rf"{b}(?:{_alt(lex.relatives_fa)}){e}",
        "office": rf"{b}(?:{_alt(lex.positions_fa)})",
        "killed": r"اعدام|تیرباران|به دار|کشته|جسد|پیکر|مزار|گور|دفن",
        "speech": r"گفت|می[\u200c ]?گوید|اظهار|شهادت|روایت|نوشت",
        "trial": r"دادگاه|متهم|وکیل|محاکمه|کیفرخواست",
        "first": rf"{b}(?:من|ما|مرا|به من){e}",
        "prisoner": r"زندانی|همبند|هم[\u200c ]?بند|هم[\u200c ]?سلول|بند|بازمانده|رفیق|دوست",
        "order": r"دستور|فتوا|حکم|هیئت|هیات|بازجو|شکنجه",
        "abroad": r"سوئد|استکهلم|آلبانی",
    }
    flags = re.IGNORECASE
    return {
        "en": {k: guarded(re.compile(v, flags if k != "first" else 0)) for k, v in en.items()},
        "fa": {k: guarded(re.compile(v)) for k, v in fa.items()},
    }


_WORD = re.compile(r"\x01|[^\W\d_][\w\u200c'’-]*")
_PERSON = "\x01"  # where another person's name stands in a window (the word "<person>")


@cache
def _names() -> frozenset[str]:
    lex = lexicon()
    return lex.given | lex.surnames | lex.given_fa | lex.surnames_fa


def _words(text: str, persian: bool) -> list[str]:
    """Words, lower-cased, names left out; a Persian word joined by ZWNJ ("می‌گوید") is kept whole (without
    the ZWNJ) and as its parts ("می", "گوید"), so the two spellings of it agree."""
    out: list[str] = []
    for w in _WORD.findall(text):
        if w == _PERSON:
            out.append("<person>")
        elif persian:
            parts = [p for p in w.split("\u200c") if p]
            out += [fa_key(w), *parts] if len(parts) > 1 else [fa_key(w)]
        else:
            out.append(w.casefold().rstrip("'’").removesuffix("'s").removesuffix("’s"))
    names = _names()
    return [w for w in out if w not in names]


def _masked(norm: str, persons: Sequence[PersonMention]) -> str:
    """The text with each person's name blanked to one placeholder (offsets kept): names are no features."""
    chars = list(norm)
    for p in persons:
        chars[p.start : p.end] = [_PERSON] + [" "] * (p.end - p.start - 1)
    return "".join(chars)


def features(doc: Document, persons: Sequence[PersonMention], rules: Mapping[int, str]) -> list[set[str]]:
    """The binary features of each person mention (same order as `persons`)."""
    persian = doc.language == "fa"
    cues = _cues()["fa" if persian else "en"]
    norm = _masked(doc.norm, persons)
    counts: dict[int, int] = defaultdict(int)
    for p in persons:
        counts[p.entity] += 1
    known = lexicon().known_officials
    out: list[set[str]] = []
    in_sentence: dict[int, list[str]] = {}
    for p in persons:
        sentence = doc.sentence_at(p.start)
        before = norm[max(sentence.start, p.start - _WINDOW_BEFORE) : p.start]
        after = norm[p.end : min(sentence.end, p.end + _WINDOW_AFTER)]
        whole = norm[sentence.start : sentence.end]
        f: set[str] = {"bias:" + doc.language, f"rule:{rules.get(p.entity, 'other')}"}
        wb, wa = _words(before, persian), _words(after, persian)
        f.update(f"b:{w}" for w in wb[-_TOKENS:])
        f.update(f"a:{w}" for w in wa[:_TOKENS])
        if wb:
            f.add(f"b1:{wb[-1]}")
        if wa:
            f.add(f"a1:{wa[0]}")
        for name, pattern in cues.items():
            for where, text in (("b", before), ("a", after)):
                if pattern.search(text):
                    f.add(f"cue:{name}:{where}")
        if sentence.index not in in_sentence:  # the sentence's cues, searched once for all its names
            in_sentence[sentence.index] = [
                f"cue:{n}:s" for n, pattern in cues.items() if pattern.search(whole)
            ]
        f.update(in_sentence[sentence.index])
        surname = p.tokens[-1] if p.tokens else ""
        if surname.casefold().removesuffix("'s") in known or fa_key(surname) in known:
            f.add("known_official")
        if p.title:
            f.add("title")
        if not norm[sentence.start : p.start].strip():
            f.add("sentence_start")
        if sentence.index == 0:
            f.add("first_sentence")
        f.add(f"doc_part:{min(3, 4 * p.start // max(1, len(norm)))}")
        quote = doc.quote_at(p.start)
        if quote is not None:
            f.add("in_quote_first_person" if quote.first_person else "in_quote")
        f.add(f"first_person_text:{doc.first_person}")
        f.add(f"mentions:{min(counts[p.entity], 3)}")
        out.append(f)
    return out


# --- the model -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleModel:
    """Weights of a multinomial logistic regression: per feature one weight per class."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    stack: bool = True  # whether the rules' role is among the features
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def log_proba(self, feats: set[str]) -> list[float]:
        scores = list(self.intercept)
        for name in sorted(feats):  # a fixed order: the same sums whatever the set's hash order
            if not self.stack and name.startswith("rule:"):
                continue
            w = self.weights.get(name)
            if w is not None:
                scores = [s + x for s, x in zip(scores, w, strict=True)]
        top = max(scores)
        norm = top + math.log(sum(math.exp(s - top) for s in scores))
        return [s - norm for s in scores]

    def relabel(
        self, doc: Document, persons: Sequence[PersonMention], rules: Mapping[int, str]
    ) -> dict[int, str]:
        """The role per entity: the class with the highest summed log-probability over its mentions. A
        "witness" the rules call a fellow prisoner stays `fellow_prisoner` (the extractor's finer word)."""
        totals: dict[int, list[float]] = {}
        for p, feats in zip(persons, features(doc, persons, rules), strict=True):
            lp = self.log_proba(feats)
            old = totals.get(p.entity)
            totals[p.entity] = lp if old is None else [a + b for a, b in zip(old, lp, strict=True)]
        out = dict(rules)
        for entity, lp in totals.items():
            best = self.classes[max(range(len(lp)), key=lambda i: (lp[i], -i))]
            out[entity] = (
                "fellow_prisoner" if best == "witness" and rules.get(entity) == "fellow_prisoner" else best
            )
        return out

    def to_json(self) -> str:
        """The model as JSON, one feature a line (so a retrained model diffs readably)."""
        head = {k: v for k, v in self.to_dict().items() if k != "weights"}
        lines = [
            f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}"
            for k, v in self.to_dict()["weights"].items()
        ]
        body = json.dumps(head, ensure_ascii=False)[:-1]
        return body + ', "weights": {\n' + ",\n".join(lines) + "\n}}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "features_version": FEATURES_VERSION,
            "classes": list(self.classes),
            "intercept": [round(x, 6) for x in self.intercept],
            "stack": self.stack,
            "meta": self.meta,
            "weights": {k: [round(x, 6) for x in v] for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RoleModel:
        if data.get("features_version") != FEATURES_VERSION:
            raise InputError(
                "the roles model was trained on other features",
                hint="retrain it: .venv/bin/python bench/train_roles.py --write",
            )
        return cls(
            tuple(data["classes"]),
            tuple(float(x) for x in data["intercept"]),
            {k: tuple(float(x) for x in v) for k, v in data["weights"].items()},
            bool(data.get("stack", True)),
            dict(data.get("meta", {})),
        )


@dataclass(frozen=True)
class Combined:
    """The rules' role where a cue of theirs gave one, `model`'s (trained without the rules' role) where
    they said "other": the default ("combined"); bench/train_roles.py scores it leave-one-part-out."""

    model: RoleModel

    def relabel(
        self, doc: Document, persons: Sequence[PersonMention], rules: Mapping[int, str]
    ) -> dict[int, str]:
        # The rules' "other" means no cue of theirs fired: absence of evidence, which is where unseen prose
        # defeats them; a role they did read is kept (on the parts they were tuned on they are near exact).
        learnt = self.model.relabel(doc, persons, rules)
        # a reporter, a host, a photographer or who compiled or translated the text, by its own words: no
        # part in the events, as the rules said (the guide's `other`), whatever the words around them suggest
        # to the model
        # (or a cue of the rules that says so: the byline of a text told in the third person)
        bystanders = {
            p.entity
            for p in persons
            if (p.position and _BYSTANDER.search(p.position)) or p.cues.get("bystander")
        }
        return {
            entity: learnt.get(entity, role) if role == "other" and entity not in bystanders else role
            for entity, role in rules.items()
        }


_BYSTANDER = re.compile(
    r"\b(?:journalist|reporter|correspondent|photographer|photo|photograph|host|compiled|edited|translated|lawyers?|counsel|"
    r"attorneys?(?!\s+general))\b"
    r"|(?<![\w\u200c])(?:روزنامه[\u200c ]?نگار|خبرنگار|عکاس|مجری|میزبان|"
    r"گردآوری|گردآورنده|گرد[\u200c ]آوری|ویراستار|"
    r"ویرایش|مترجم|ترجمه|تنظیم|وکیل|وکلای)(?![\w\u200c])",
    re.IGNORECASE,
)


def dump_models(models: Mapping[str, RoleModel]) -> str:
    """The content of data/roles_model.json: the variants by name ("stacked", "alone")."""
    body = ",\n".join(f"{json.dumps(name)}: {m.to_json()}" for name, m in models.items())
    return '{"models": {\n' + body + "\n}}\n"


@cache
def load_model(variant: str = "stacked") -> RoleModel:
    """A shipped model (data/roles_model.json): "stacked" (the rules' role among the features; what
    "learnt" uses) or "alone" (without it; "learnt-alone")."""
    raw = resources.files("testament.extract").joinpath("data", MODEL_FILE).read_text("utf-8")
    return RoleModel.from_dict(json.loads(raw)["models"][variant])


def relabel_roles(
    doc: Document, persons: Sequence[PersonMention], rules: Mapping[int, str], how: str | Relabeller
) -> dict[int, str]:
    """The pipeline's hook: the rules' roles as they are ("rules"), or relabelled by a shipped model
    ("learnt", "learnt-alone") or by a given one."""
    if how == "rules":
        return dict(rules)
    if how == "combined":
        return Combined(load_model("alone")).relabel(doc, persons, rules)
    if isinstance(how, str):
        if how in _VARIANTS:
            return load_model(_VARIANTS[how]).relabel(doc, persons, rules)
        raise InputError(f"roles '{how}' is not known", hint=f"use one of {', '.join(ROLE_SOURCES)}")
    return how.relabel(doc, persons, rules)


# --- training (needs scikit-learn) -----------------------------------------------------------------------


class _Recorder:
    """Keeps what the pipeline gives the hook, and leaves the rules' roles as they are."""

    def __init__(self) -> None:
        self.seen: list[tuple[Document, list[PersonMention], dict[int, str]]] = []

    def relabel(
        self, doc: Document, persons: Sequence[PersonMention], rules: Mapping[int, str]
    ) -> dict[int, str]:
        self.seen.append((doc, list(persons), dict(rules)))
        return dict(rules)


@dataclass(frozen=True)
class Example:
    """One person mention the rules found that matches a gold one: its features and the gold role."""

    passage: str
    entity: int
    features: frozenset[str]
    role: str


def collect_examples(passages: Iterable[Passage]) -> list[Example]:
    """Training examples: each proposed person mention matched (by span overlap, as the scorer matches)
    to a gold person, labelled with the gold role."""
    from testament.extract.evaluation import _pairs
    from testament.extract.pipeline import extract_mentions

    out: list[Example] = []
    for passage in passages:
        recorder = _Recorder()
        extract_mentions(passage.text, language=passage.language, roles=recorder)
        doc, persons, rules = recorder.seen[-1]
        pred: list[Mapping[str, Any]] = [
            {"type": "person", "start": p.start, "end": p.end, "value": ""} for p in persons
        ]
        gold: list[Mapping[str, Any]] = [g for g in passage.gold if g["type"] == "person"]
        feats = features(doc, persons, rules)
        for pi, gi in sorted(_pairs(pred, gold, "overlap")):
            out.append(Example(passage.id, persons[pi].entity, frozenset(feats[pi]), str(gold[gi]["role"])))
    return out


def train(
    examples: Sequence[Example], *, c: float = 3.0, stack: bool = True, min_passages: int = 2
) -> RoleModel:
    """Fit the model (scikit-learn's lbfgs: deterministic). Features seen in fewer than `min_passages`
    passages are dropped (a word only one text uses, such as a name the finder missed, tells nothing of
    the next text, and the model file should not keep it); without `stack` the rules' role is no feature."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise InputError(
            "training the roles model needs scikit-learn", hint="pip install 'testament[learnt]'"
        ) from None
    import numpy as np

    seen: dict[str, set[str]] = defaultdict(set)
    for ex in examples:
        for name in ex.features:
            if stack or not name.startswith("rule:"):
                seen[name].add(ex.passage)
    vocab = sorted(n for n, k in seen.items() if len(k) >= min_passages)
    index = {n: i for i, n in enumerate(vocab)}
    x = np.zeros((len(examples), len(vocab)))
    for row, ex in enumerate(examples):
        for name in ex.features:
            if name in index:
                x[row, index[name]] = 1.0
    y = [ex.role for ex in examples]
    classes = sorted(set(y))
    if len(classes) < 2:
        raise InputError("training the roles model needs at least two roles in the examples", hint="add data")
    fit = LogisticRegression(C=c, max_iter=5000, tol=1e-8).fit(x, y)
    coef = fit.coef_ if len(classes) > 2 else np.vstack([-fit.coef_[0] / 2, fit.coef_[0] / 2])
    intercept = (
        fit.intercept_ if len(classes) > 2 else np.array([-fit.intercept_[0] / 2, fit.intercept_[0] / 2])
    )
    weights = {n: tuple(float(v) for v in coef[:, i]) for n, i in index.items()}
    meta = {"examples": len(examples), "features": len(vocab), "c": c, "min_passages": min_passages}
    return RoleModel(
        tuple(str(k) for k in fit.classes_), tuple(float(v) for v in intercept), weights, stack, meta
    )
