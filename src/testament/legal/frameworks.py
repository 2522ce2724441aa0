"""Legal frameworks as data: TOML files of crimes and their elements (contextual, conduct, consequence,
circumstance, mental), with the act types, victim predicates and involvement degrees that suggest each.

Built-in files live in `testament/legal/data/` (ICC Rome Statute art. 7; modes of liability art. 25(3) and
28; a model domestic code). A case adds its own in `<case folder>/frameworks/*.toml`, and a command can add
more with `--framework FILE`. Every file is validated: an error names the file, the key and the fix.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from testament.errors import InputError

__all__ = [
    "ELEMENT_KINDS",
    "FRAMEWORK_KINDS",
    "Crime",
    "Element",
    "Framework",
    "FrameworkError",
    "Frameworks",
    "builtin_framework_files",
    "load_framework_file",
    "load_frameworks",
]

ELEMENT_KINDS: tuple[str, ...] = ("contextual", "conduct", "consequence", "circumstance", "mental")
FRAMEWORK_KINDS: tuple[str, ...] = ("international", "domestic", "liability")
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


class FrameworkError(InputError):
    """A framework file cannot be used: the message names the file and the key."""


@dataclass(frozen=True)
class Element:
    """One element of a crime (or of a mode of liability) that the evidence must prove."""

    id: str
    kind: str
    text: str
    suggested_by: tuple[str, ...] = ()  # act types
    suggested_by_predicates: tuple[str, ...] = ()  # claim predicates about an act's victim
    common: bool = False  # shared by every crime of the framework (art. 7's chapeau)


@dataclass(frozen=True)
class Crime:
    """A crime (or a mode of liability, in a framework of kind "liability") and its elements."""

    framework_id: str
    id: str
    ref: str
    title: str
    elements: tuple[Element, ...]
    suggested_by_degrees: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """`framework:crime`, how a charge names it (e.g. icc-rome-art7:a)."""
        return f"{self.framework_id}:{self.id}"

    def element(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.id == element_id), None)


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    source: str
    kind: str
    version: str
    crimes: tuple[Crime, ...]
    path: str  # the file it was read from

    def crime(self, crime_id: str) -> Crime | None:
        return next((c for c in self.crimes if c.id == crime_id), None)


@dataclass
class Frameworks:
    """The frameworks in force for a case: the built-in ones and the case's own, by id."""

    by_id: dict[str, Framework] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Framework]:
        return iter(self.by_id.values())

    def crime(self, key: str) -> Crime:
        """The crime a charge names (`framework:crime`); FrameworkError naming the choices if unknown."""
        framework_id, _, crime_id = key.partition(":")
        framework = self.by_id.get(framework_id)
        crime = framework.crime(crime_id) if framework else None
        if crime is None:
            known = ", ".join(c.key for f in self for c in f.crimes[:3])
            raise FrameworkError(
                f"charge {key!r}: no such crime in the frameworks loaded",
                hint=f"name it as framework:crime, e.g. {known}; `testament legal frameworks` lists them",
            )
        return crime

    def element(self, framework_id: str, crime_id: str, element_id: str) -> Element:
        crime = self.crime(f"{framework_id}:{crime_id}")
        element = crime.element(element_id)
        if element is None:
            raise FrameworkError(
                f"{crime.key}: no element {element_id!r}",
                hint=f"its elements are {', '.join(e.id for e in crime.elements)}",
            )
        return element

    def crimes(self) -> list[Crime]:
        """Every crime of the frameworks that define crimes (not modes of liability)."""
        return [c for f in self if f.kind != "liability" for c in f.crimes]

    def modes(self) -> list[Crime]:
        """Every mode of liability (crimes of frameworks of kind "liability")."""
        return [c for f in self if f.kind == "liability" for c in f.crimes]


def builtin_framework_files() -> list[Path]:
    """The framework files shipped with Testament."""
    root = files("testament.legal") / "data"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml"))


def load_frameworks(case_dir: Path | None = None, extra: Iterable[Path] = ()) -> Frameworks:
    """Built-in frameworks, then the case's (`<case_dir>/frameworks/*.toml`), then `extra`. A later file
    may not reuse an earlier framework's id (FrameworkError: rename one)."""
    paths = builtin_framework_files()
    if case_dir is not None and (case_dir / "frameworks").is_dir():
        paths += sorted((case_dir / "frameworks").glob("*.toml"))
    paths += [Path(p) for p in extra]
    out = Frameworks()
    for path in paths:
        framework = load_framework_file(path)
        if framework.id in out.by_id:
            raise FrameworkError(
                f"{path}: [framework] id {framework.id!r} is already used by {out.by_id[framework.id].path}",
                hint="give the framework in this file an id of its own",
            )
        out.by_id[framework.id] = framework
    return out


def load_framework_file(path: Path) -> Framework:
    """Read and validate one framework file."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FrameworkError(f"{path}: no such framework file", hint="check the path") from None
    except UnicodeDecodeError:
        raise FrameworkError(f"{path}: not UTF-8 text", hint="save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(
            f"{path}: not valid TOML ({exc})", hint="see docs/legal.md for the format"
        ) from None
    return _framework(str(path), raw)


def _need(where: str, table: dict[str, Any], key: str, kind: type = str) -> Any:
    value = table.get(key)
    if value is None:
        raise FrameworkError(f"{where}: missing key {key!r}", hint=f"add {key} = ... (see docs/legal.md)")
    if not isinstance(value, kind):
        raise FrameworkError(
            f"{where}: key {key!r} should be a {kind.__name__}, found a {type(value).__name__}",
            hint="see docs/legal.md for the format",
        )
    return value


def _ident(where: str, table: dict[str, Any], key: str = "id") -> str:
    value = str(_need(where, table, key)).strip()
    if not value or not set(value) <= _ID_CHARS:
        raise FrameworkError(
            f"{where}: {key} {value!r} is not a plain id",
            hint="use lower-case letters, digits, '-' and '_' only (e.g. a, murder, 25-3-a)",
        )
    return value


def _strings(where: str, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FrameworkError(
            f"{where}: key {key!r} should be a list of strings", hint=f'write {key} = ["execution"]'
        )
    return tuple(value)


def _element(where: str, raw: Any, common: bool) -> Element:
    if not isinstance(raw, dict):
        raise FrameworkError(f"{where}: should be a table", hint="write it as [[crimes.elements]]")
    element_id = _ident(where, raw)
    kind = _need(where, raw, "kind")
    if kind not in ELEMENT_KINDS:
        raise FrameworkError(
            f"{where}: kind {kind!r} is not an element kind", hint=f"use one of {', '.join(ELEMENT_KINDS)}"
        )
    return Element(
        id=element_id,
        kind=kind,
        text=_need(where, raw, "text").strip(),
        suggested_by=_strings(where, raw, "suggested_by"),
        suggested_by_predicates=_strings(where, raw, "suggested_by_predicates"),
        common=common,
    )


def _elements(where: str, raw: Any, common: bool) -> list[Element]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise FrameworkError(f"{where}: should be an array of tables", hint="write each as [[...]]")
    return [_element(f"{where}[{i}]", e, common) for i, e in enumerate(raw)]


def _framework(path: str, raw: dict[str, Any]) -> Framework:
    head = raw.get("framework")
    if not isinstance(head, dict):
        raise FrameworkError(
            f"{path}: missing [framework] table", hint="start the file with [framework] id = ..."
        )
    where = f"{path}: [framework]"
    framework_id = _ident(where, head)
    kind = _need(where, head, "kind")
    if kind not in FRAMEWORK_KINDS:
        raise FrameworkError(
            f"{where}: kind {kind!r} is not a framework kind", hint=f"use one of {', '.join(FRAMEWORK_KINDS)}"
        )
    common = _elements(f"{path}: common", raw.get("common"), True)
    raw_crimes = raw.get("crimes")
    if not isinstance(raw_crimes, list) or not raw_crimes:
        raise FrameworkError(f"{path}: no [[crimes]]", hint="add at least one [[crimes]] table with elements")
    crimes: list[Crime] = []
    for i, rc in enumerate(raw_crimes):
        cw = f"{path}: crimes[{i}]"
        if not isinstance(rc, dict):
            raise FrameworkError(f"{cw}: should be a table", hint="write it as [[crimes]]")
        crime_id = _ident(cw, rc)
        own = _elements(f"{cw}.elements", rc.get("elements"), False)
        if not own:
            raise FrameworkError(f"{cw}: no elements", hint="add [[crimes.elements]] tables under it")
        elements = own + common
        seen: set[str] = set()
        for e in elements:
            if e.id in seen:
                raise FrameworkError(
                    f"{cw}: element id {e.id!r} appears twice", hint="give each element of a crime its own id"
                )
            seen.add(e.id)
        if any(c.id == crime_id for c in crimes):
            raise FrameworkError(
                f"{cw}: crime id {crime_id!r} appears twice", hint="give each crime its own id"
            )
        crimes.append(
            Crime(
                framework_id=framework_id,
                id=crime_id,
                ref=str(rc.get("ref", crime_id)),
                title=_need(cw, rc, "title"),
                elements=tuple(elements),
                suggested_by_degrees=_strings(cw, rc, "suggested_by_degrees"),
            )
        )
    return Framework(
        id=framework_id,
        title=_need(where, head, "title"),
        source=_need(where, head, "source"),
        kind=kind,
        version=str(head.get("version", "")),
        crimes=tuple(crimes),
        path=path,
    )
