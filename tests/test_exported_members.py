"""Each package says what it exports (`__all__`), and every exported name exists: the face the CLI, the
web app and other programs use."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import testament

PACKAGES = sorted(m.name for m in pkgutil.iter_modules(testament.__path__) if m.ispkg and m.name != "cli")


@pytest.mark.parametrize("package", PACKAGES)
def test_package_exports_exist(package: str) -> None:
    module = importlib.import_module(f"testament.{package}")
    exported = getattr(module, "__all__", None)
    assert exported, f"testament.{package} has no __all__"
    assert len(set(exported)) == len(exported)
    missing = [name for name in exported if getattr(module, name, None) is None]
    assert missing == []


def test_store_face_covers_what_the_cli_uses() -> None:
    from testament import store

    assert {"Case", "verify_case", "checkpoint_case", "list_person_records"} <= set(store.__all__)
    assert store.Case.__module__ == "testament.store.case"
    with pytest.raises(AttributeError):
        store.no_such_name  # noqa: B018
