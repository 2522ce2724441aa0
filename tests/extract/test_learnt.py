"""The learnt role model (testament.extract.learnt): its features, the shipped weights, training, and the
`roles` option of the pipeline, the bench and the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from testament.errors import InputError
from testament.extract import learnt
from testament.extract._text import Document
from testament.extract.devset import GOLD_ROLES, SPLITS, load_devset
from testament.extract.learnt import RoleModel, collect_examples, features, load_model, train, using_roles
from testament.extract.mention import EXTRACTOR_VERSION
from testament.extract.pipeline import extract_mentions
from testament.settings import Settings
from testament.store.case import Case
from testament.store.schema import attestations

DEVSET = Path(__file__).parent / "data" / "devset"
KIN = "In 1988 his brother, Reza Karimi, waited outside Evin prison for news. Reza Karimi was told nothing."
PLAIN = "Ali Rezaei lived for a while near Evin prison in 1988."


class _Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[Document, list, dict[int, str]]] = []

    def relabel(self, doc, persons, rules):  # type: ignore[no-untyped-def]
        self.seen.append((doc, list(persons), dict(rules)))
        return dict(rules)


def _features_of(text: str) -> list[set[str]]:
    recorder = _Recorder()
    extract_mentions(text, roles=recorder)
    doc, persons, rules = recorder.seen[0]
    return features(doc, persons, rules)


def _toy(**weights: tuple[float, float]) -> RoleModel:
    """A two-role model: "victim" unless the given features push to "relative"."""
    return RoleModel(("relative", "victim"), (0.0, 1.0), dict(weights), stack=False)


def _roles(text: str, roles: object) -> list[str | None]:
    return [m.role for m in extract_mentions(text, roles=roles) if m.type == "person"]  # type: ignore[arg-type]


# --- features -------------------------------------------------------------------------------------------


def test_features_see_the_kinship_cue_and_the_rules_role() -> None:
    f = _features_of(KIN)[0]
    assert {"cue:kin:b", "b1:brother", "rule:relative", "bias:en", "first_sentence"} <= f
    assert "cue:kin:b" not in _features_of(PLAIN)[0]


def test_persian_zwnj_spellings_agree_and_names_are_no_features() -> None:
    joined, apart = learnt._words("می\u200cگوید", True), learnt._words("میگوید", True)
    assert joined[0] == apart[0] == "میگوید" and {"می", "گوید"} <= set(joined)
    f = _features_of("Reza Karimi and Ali Rezaei were executed in Gohardasht prison in 1988.")
    assert "a:<person>" in f[0] and "b:<person>" in f[1]
    assert not any(n in x for x in f for n in ("reza", "karimi", "rezaei"))


# --- the shipped model ------------------------------------------------------------------------------------


def test_shipped_model_loads_and_was_trained_only_on_open_parts() -> None:
    model = load_model()
    assert set(model.classes) == set(GOLD_ROLES)  # every role of the guide, learnt from the gold
    assert len(model.weights) > 50 and all(len(w) == len(model.classes) for w in model.weights.values())
    scored = {"tuning", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6"}
    scored |= {"fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13"}
    scored |= {"fresh14", "fresh15"}  # scored once at 22:34 UTC on 2026-12-06, tuned on in session 11
    # scored once at 00:52 UTC on 2026-12-07, tuned on in session 11's second pass
    scored |= {"fresh16", "fresh17"}
    scored |= {"fresh18", "fresh19"}  # scored once in session 11, tuned on in session 12
    # scored once in session 12, tuned on in session 13
    scored |= {"fresh20", "fresh21", "fresh22", "fresh23"}
    assert set(model.meta["trained_on"]) == scored  # never fresh24-fresh27 (blind, not yet scored)
    assert not set(model.meta["trained_on"]) & {"fresh24", "fresh25", "fresh26", "fresh27"}
    assert model.stack and "rule:perpetrator" in model.weights
    assert RoleModel.from_dict(json.loads(model.to_json())) == model
    alone = load_model("alone")
    assert not alone.stack and not any(name.startswith("rule:") for name in alone.weights)
    assert json.loads(learnt.dump_models({"stacked": model}))["models"]["stacked"] == json.loads(
        model.to_json()
    )


def test_learnt_roles_are_deterministic_and_read_kinship() -> None:
    assert _roles(KIN, "learnt") == _roles(KIN, "learnt") == ["relative", "relative"]
    # without the rules' role the model reads the kin word as a victim's family: since the parts of session
    # 12 ("her son X was one of those executed") it leans to the kin being the one killed, so the cue raises
    # the likelihood of the two family roles together ("witness" for the sentence without it)
    alone = load_model("alone")
    family = [alone.classes.index("relative"), alone.classes.index("victim")]
    kin, plain = _features_of(KIN)[0], _features_of(KIN.replace("his brother, ", ""))[0]

    def family_share(feats: set[str]) -> float:
        return sum(math.exp(alone.log_proba(feats)[i]) for i in family)

    assert family_share(kin) > family_share(plain) + 0.5


def test_model_of_other_features_is_refused() -> None:
    data = json.loads(load_model().to_json())
    data["features_version"] = 0
    with pytest.raises(InputError, match="other features"):
        RoleModel.from_dict(data)


# --- the option -----------------------------------------------------------------------------------------


def test_a_model_changes_the_roles_by_its_features() -> None:
    assert _roles(PLAIN, "rules") != ["victim"]
    assert _roles(PLAIN, _toy()) == ["victim"]  # the intercept alone
    model = _toy(**{"cue:kin:b": (5.0, 0.0)})
    assert _roles(KIN, model) == ["relative", "relative"] and _roles(PLAIN, model) == ["victim"]


def test_witness_stays_the_rules_fellow_prisoner() -> None:
    text = "My cellmate Ali Rezaei and I were flogged in Evin prison."
    assert _roles(text, "rules") == ["fellow_prisoner"]
    model = RoleModel(("victim", "witness"), (0.0, 1.0), {}, stack=False)
    assert _roles(text, model) == ["fellow_prisoner"]
    assert _roles(text, RoleModel(("victim", "witness"), (1.0, 0.0), {}, stack=False)) == ["victim"]


def test_combined_keeps_a_rules_role_and_asks_the_model_only_where_the_rules_found_none() -> None:
    cued = "Ali Rezaei was executed in Evin prison in 1988."
    assert _roles(cued, "rules") == ["victim"] and _roles(PLAIN, "rules") == ["other"]
    relative = RoleModel(("relative", "victim"), (1.0, 0.0), {}, stack=False)  # says "relative" of anyone
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(learnt, "load_model", lambda variant: relative if variant == "alone" else _toy())
        assert _roles(cued, "combined") == ["victim"]  # the rules' cue stands
        assert _roles(PLAIN, "combined") == ["relative"]  # no cue: the model (without the rules) decides
        assert _roles(PLAIN, None) == ["relative"]  # combined is the default


def test_a_combined_relabeller_of_a_given_model_is_what_the_default_does_with_the_shipped_one() -> None:
    """bench/train_roles.py scores the default leave-one-part-out through `Combined` of each fold's model."""
    cued = "Ali Rezaei was executed in Evin prison in 1988."
    relative = RoleModel(("relative", "victim"), (1.0, 0.0), {}, stack=False)
    assert _roles(cued, learnt.Combined(relative)) == ["victim"]
    assert _roles(PLAIN, learnt.Combined(relative)) == ["relative"]
    assert _roles(PLAIN, relative) == ["relative"] and _roles(cued, relative) == ["relative"]


def test_the_combination_keeps_a_reporter_or_a_host_out_of_the_events() -> None:
    """A function the text gives the name (a reporter, a radio host, a photographer) is the guide's `other`:
    the model does not relabel it, as it relabels a name the rules found no cue for."""
    relative = RoleModel(("relative", "victim"), (1.0, 0.0), {}, stack=False)
    assert _roles("The radio's reporter Ali Rezaei was outside the court.", learnt.Combined(relative)) == [
        "other"
    ]
    assert _roles(PLAIN, learnt.Combined(relative)) == ["relative"]


def test_the_combination_keeps_who_compiled_or_translated_the_text_out_of_the_events() -> None:
    relative = RoleModel(("relative", "victim"), (1.0, 0.0), {}, stack=False)
    compiled = "یادداشت‌های زندان، گردآوری حسن موسوی\n\nدر آن سال‌ها زندان پر بود."
    assert _roles(compiled, learnt.Combined(relative)) == ["other"]
    translated = "The notes of a prisoner, translated by Ali Rezaei.\nThe ward was full in those years."
    assert _roles(translated, learnt.Combined(relative)) == ["other"]
    counsel = "حسن موسوی، وکیل مشاور مریم احمدی، در جلسه حاضر بود."
    assert _roles(counsel, learnt.Combined(relative))[0] == "other"


def test_the_setting_and_unknown_roles() -> None:
    assert learnt.roles_setting() == "combined"
    model = _toy()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(learnt, "load_model", lambda variant: model)
        with using_roles("learnt"):
            assert learnt.roles_setting() == "learnt" and _roles(PLAIN, None) == ["victim"]
    assert learnt.roles_setting() == "combined"
    with pytest.raises(InputError), using_roles("neural"):
        pass
    with pytest.raises(InputError):
        extract_mentions(PLAIN, roles="neural")


def test_cli_extract_roles_learnt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from testament.cli.main import app

    runner = CliRunner()
    env = {"TESTAMENT_ACTOR": "cli-test"}
    case, source = tmp_path / "case", tmp_path / "testimony.txt"
    source.write_text(KIN + " " + PLAIN, "utf-8")
    assert runner.invoke(app, ["init", str(case)], env=env).exit_code == 0
    assert runner.invoke(app, ["ingest", str(case), str(source)], env=env).exit_code == 0
    bad = runner.invoke(app, ["extract", str(case), "--roles", "neural"], env=env)
    assert bad.exit_code != 0 and "learnt" in bad.output
    monkeypatch.setattr(learnt, "load_model", lambda variant: _toy(**{"cue:kin:b": (5.0, 0.0)}))
    assert runner.invoke(app, ["extract", str(case), "--roles", "learnt"], env=env).exit_code == 0
    out = tmp_path / "mentions.jsonl"
    assert runner.invoke(app, ["export", "mentions", str(case), "--out", str(out)], env=env).exit_code == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert sorted(r["role"] for r in rows if r["type"] == "person") == ["relative", "relative", "victim"]
    # the stored proposals say who proposed their roles, and with which model file
    with Case.open(case, settings=Settings(actor="cli-test")) as opened, opened.read() as conn:
        versions = {v for (v,) in conn.execute(select(attestations.c.extractor_version).distinct())}
    assert versions == {f"{EXTRACTOR_VERSION}+roles.l.{learnt._model_fingerprint()}"}


def test_roles_version_names_the_source_and_the_model_file() -> None:
    assert learnt.roles_version("rules") == ""
    combined, alone = learnt.roles_version("combined"), learnt.roles_version("learnt-alone")
    assert combined.startswith("+roles.c.") and alone.startswith("+roles.a.")
    assert combined.rsplit(".", 1)[1] == alone.rsplit(".", 1)[1] and len(alone.rsplit(".", 1)[1]) == 6
    assert learnt.roles_version() == combined  # the default setting
    # every version a proposal can be stored with fits its column (PostgreSQL refuses a longer one)
    width = attestations.c.extractor_version.type.length
    assert width is not None
    assert all(len(EXTRACTOR_VERSION + learnt.roles_version(k)) <= width for k in learnt.ROLE_SOURCES)


# --- training -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def slice_examples() -> list[learnt.Example]:
    passages = load_devset(DEVSET, splits=("tuning",))
    few = [p for p in passages if p.language == "en"][:2] + [p for p in passages if p.language == "fa"][:1]
    return collect_examples(few)


def test_training_is_reproducible_and_learns_the_slice(slice_examples: list[learnt.Example]) -> None:
    assert len({e.role for e in slice_examples}) >= 2
    a, b = train(slice_examples), train(slice_examples)
    assert a == b and a.intercept == b.intercept
    alone = train(slice_examples, stack=False)
    assert not any(name.startswith("rule:") for name in alone.weights) and alone != a
    right = sum(
        max(zip(a.log_proba(set(e.features)), a.classes, strict=True))[1] == e.role for e in slice_examples
    )
    assert right / len(slice_examples) >= 0.9  # a fit on its own training data


def test_the_bench_never_trains_on_the_blind_parts() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "train_roles", Path(__file__).parents[2] / "bench" / "train_roles.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scored = {"tuning", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6"}
    # scored once in session 10, then declared scored
    scored |= {"fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13"}
    scored |= {"fresh14", "fresh15"}  # scored once at 22:34 UTC on 2026-12-06, then tuned on (session 11)
    scored |= {"fresh16", "fresh17"}  # scored once at 00:52 UTC on 2026-12-07, then tuned on (session 11)
    scored |= {"fresh18", "fresh19"}  # scored once in session 11, then tuned on (session 12)
    # scored once in session 12, then tuned on (session 13)
    scored |= {"fresh20", "fresh21", "fresh22", "fresh23"}
    assert set(module.PARTS) == scored and set(module.PARTS) <= set(SPLITS)
    blind = {"fresh24", "fresh25", "fresh26", "fresh27"}  # annotated blind in session 13, not yet scored
    assert not set(module.PARTS) & blind


def test_training_learns_what_a_feature_says() -> None:
    kin = [learnt.Example(f"p{n}", n, frozenset({"cue:kin:b", "bias:en"}), "relative") for n in range(6)]
    plain = [learnt.Example(f"p{n}", n, frozenset({"bias:en", "a1:was"}), "victim") for n in range(6, 12)]
    once = learnt.Example("p0", 0, frozenset({"a1:rare"}), "victim")
    assert "a1:rare" not in train([*kin, *plain, once]).weights  # one passage's word is no feature
    model = train(kin + plain)
    with_kin, without = model.log_proba({"cue:kin:b", "a1:was"}), model.log_proba({"a1:was"})
    relative = model.classes.index("relative")
    assert with_kin[relative] - without[relative] > 0.5  # the cue itself, not only the other's absence


def test_the_combination_keeps_each_of_a_list_of_defence_lawyers_out_of_the_events() -> None:
    relative = RoleModel(("relative", "victim"), (1.0, 0.0), {}, stack=False)
    text = "In court Karim Saberi and Hassan Moradi, his defence lawyers, asked for a delay."
    assert _roles(text, learnt.Combined(relative)) == ["other", "other"]


def test_the_combination_keeps_a_photograph_s_credit_out_of_the_events() -> None:
    relative = RoleModel(("relative", "victim"), (1.0, 0.0), {}, stack=False)
    text = "The families waited outside the court. Photo: Karim Saberi/TT\nThe verdict came at noon."
    assert _roles(text, learnt.Combined(relative)) == ["other"]
