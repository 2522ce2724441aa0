"""The editable gazetteer and the scoring helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.errors import InputError
from testament.extract import extract_mentions, load_annotations, load_gazetteer, score_mentions


def test_load_gazetteer_spellings_and_generated_prison_names() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.lookup("Gohar-Dasht").name == "Gohardasht"  # type: ignore[union-attr]
    assert gazetteer.lookup("رجایی‌شهر").name == "Gohardasht"  # type: ignore[union-attr]
    assert gazetteer.lookup("Hamadan Prison").kind == "prison"  # type: ignore[union-attr]
    assert gazetteer.lookup("زندان اوین").id == "evin"  # type: ignore[union-attr]
    khavaran = gazetteer.get("khavaran")
    assert khavaran is not None and khavaran.to_dict()["lat"] == pytest.approx(35.6, abs=0.1)


def test_custom_gazetteer_is_used_and_bad_ones_are_named(tmp_path: Path) -> None:
    custom = tmp_path / "g.toml"
    custom.write_text(
        '[[place]]\nid = "x"\nname = "Qezel Qaleh"\nkind = "prison"\nfa = ["قزل قلعه"]\n', "utf-8"
    )
    text = "He was held in Qezel Qaleh Prison, not in Evin."
    places = [m for m in extract_mentions(text, gazetteer=load_gazetteer(custom)) if m.type == "place"]
    assert [(m.text, m.value) for m in places] == [("Qezel Qaleh Prison", "Qezel Qaleh")]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[place]]\nid = "x"\nname = "X"\nkind = "castle"\n', "utf-8")
    with pytest.raises(InputError, match=r"bad.toml: \[\[place\]\] number 1 \(x\): kind 'castle'"):
        load_gazetteer(bad)
    with pytest.raises(InputError, match="not a readable gazetteer"):
        load_gazetteer(tmp_path / "missing.toml")


def test_score_mentions_matches_spans_and_values() -> None:
    gold = [
        {"type": "date", "start": 0, "end": 10, "value": "1988-08-06/1988-08-06"},
        {"type": "count", "start": 20, "end": 23, "value": 160},
        {"type": "person", "start": 30, "end": 40, "value": "A B"},
    ]
    predicted = [
        {"type": "date", "start": 3, "end": 10, "value": "1988-08-06/1988-08-06"},  # overlap, same value
        {"type": "count", "start": 20, "end": 23, "value": 100},  # right span, wrong value
        {"type": "person", "start": 30, "end": 40, "value": "other spelling"},
    ]
    overlap = score_mentions(predicted, gold)
    assert (overlap["date"].tp, overlap["count"].tp, overlap["count"].fp, overlap["person"].tp) == (
        1,
        0,
        1,
        1,
    )
    exact = score_mentions(predicted, gold, match="exact")
    assert exact["date"].tp == 0 and exact["all"].f1 == pytest.approx(1 / 3)


def test_load_annotations_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"type": "date", "start": 0, "end": 1, "value": "x"}\n{"type": "date"}\n', "utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl, line 2"):
        load_annotations(path)


def test_courts_abroad_are_organisations_and_their_city_no_place() -> None:
    # docs/annotation.md: "District Court of Stockholm" is an organisation, the city inside it no place
    text = (
        "On Wednesday the District Court of Durres, Albania, convened; earlier sessions were held in the "
        "District Court of Stockholm. Stockholm's District Court sat again. "
        "He lives in Ashraf 3, near Tirana."
    )
    found = [(m.type, m.text, m.value) for m in extract_mentions(text) if m.type in ("place", "organisation")]
    assert found == [
        ("organisation", "District Court of Durres", "Durres District Court"),
        ("place", "Albania", "Albania"),
        ("organisation", "District Court of Stockholm", "Stockholm District Court"),
        ("organisation", "Stockholm's District Court", "Stockholm District Court"),
        ("place", "Ashraf 3", "Camp Ashraf"),
        ("place", "Tirana", "Tirana"),
    ]
    court = load_gazetteer().lookup("دادگاه استکهلم")
    assert court is not None and (court.category, court.kind) == ("organisation", "court_abroad")


def test_persian_organisation_variants() -> None:
    text = "از سازمان اکثریت جدا شدیم. وزارت اطلاعات روى ساواك شاه را سفيد كرده است. او به راديوآزادى گفت."
    found = [m.value for m in extract_mentions(text) if m.type == "organisation"]
    assert found == ["Fadaian (Majority)", "Ministry of Intelligence", "SAVAK", "Radio Azadi"]


def _named(text: str) -> list[tuple[str, str, str]]:
    return [(m.type, m.text, m.value) for m in extract_mentions(text) if m.type in ("place", "organisation")]


def test_persian_relatives_groups_and_governments_take_the_place_in_their_name() -> None:
    # docs/annotation.md (eighth part): "the families of X" as the group's name, and a group's name signed
    # under its statement, are organisations; the place inside them is no place. Arabic yeh, no ZWNJ.
    text = (
        "بیانیه را خانوادههای خاوران و مادران پارک لاله امضا کردند. "
        "ما از حکومت اسلامي ايران می‌خواهیم پاسخ دهد. دادخواهان خاوران"
    )
    assert _named(text) == [
        ("organisation", "خانوادههای خاوران", "Mothers and Families of Khavaran"),
        ("organisation", "مادران پارک لاله", "Justice-Seeking Mothers"),
        ("organisation", "حکومت اسلامي ايران", "Islamic Republic of Iran"),
        ("organisation", "دادخواهان خاوران", "Dadkhahan-e Khavaran"),
    ]


def test_persian_state_bodies_and_broadcasters() -> None:
    text = (
        "او را به بازداشتگاه سپاه بردند و بعد اداره ی اطلاعات شیراز پرونده را گرفت. "
        "پاسداران در راهرو ایستاده بودند. پیکر را به پزشکی قانونی فرستادند و سازمان زندانها چیزی نگفت. "
        "خواهرش به رادیو بیبیسی و ایران‌وایر گفت که دولت ایران پاسخی نداده است."
    )
    assert _named(text) == [
        ("organisation", "سپاه", "Revolutionary Guards"),
        ("organisation", "اداره ی اطلاعات شیراز", "Ministry of Intelligence"),
        ("organisation", "پزشکی قانونی", "Legal Medicine Organization"),
        ("organisation", "سازمان زندانها", "Prisons Organisation"),
        ("organisation", "رادیو بیبیسی", "BBC"),
        ("organisation", "ایران‌وایر", "IranWire"),
        ("organisation", "دولت ایران", "Islamic Republic of Iran"),
    ]


def test_persian_party_variants_and_folded_digits() -> None:
    # "کومه له" is Komala written apart; the text's Persian digits are folded to ASCII before matching
    text = (
        "او هوادار کومه له بود و برادرش عضو سازمان کارگران انقلابی ایران. "
        "گروه عدالت برای قربانیان قتل عام ۱۳۶۷ در ایران گزارشی داد."
    )
    assert [v for t, _, v in _named(text)] == [
        "Komala",
        "Rah-e Kargar",
        "Justice for the Victims of the 1988 Massacre in Iran",
    ]


def test_english_variants_of_parties_and_governments() -> None:
    text = (
        "Supporters of the Mujaheedin and the Fidayan shared a cell. Iran's government denied it, and the "
        "Iranian Foreign Ministry called the verdict political; he later spoke to Simay Azadi TV."
    )
    assert [v for t, _, v in _named(text)] == [
        "People's Mojahedin Organization of Iran",
        "Fadaian",
        "Islamic Republic of Iran",
        "Ministry of Foreign Affairs of Iran",
        "Simay Azadi TV",
    ]


def test_persian_town_cemeteries_district_komitehs_and_the_majlis() -> None:
    # a town's cemetery is a place (as a town's prison is); "کمیته X" is the Komiteh of X (the place in its
    # name no place); "مجلس" after an office of the parliament is the Majlis, not a gathering ("مجلس ختم")
    text = (
        "او را در گورستان زاهدان به خاک سپردند. فردای آن روز به کمیته خاوران رفتیم. "
        "نایب رئیس مجلس نامه‌ای نوشت و خانواده مجلس ختم گرفت."
    )
    found = [(m.type, m.text, m.value) for m in extract_mentions(text) if m.type in ("place", "organisation")]
    assert found == [
        ("place", "گورستان زاهدان", "Zahedan Cemetery"),
        ("organisation", "کمیته خاوران", "Revolutionary Committees"),
        ("organisation", "مجلس", "Majlis"),
    ]


def _organisations(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in extract_mentions(text) if m.type == "organisation"]


def test_unlisted_organisations_by_their_kind_word_and_initials() -> None:
    text = (
        "The Harbour Valley Association wrote to the Lakeside Gazette. HVA said the Shore Campaign would "
        "continue. A Garden of Stars is a novel."
    )
    assert _organisations(text) == [
        ("Harbour Valley Association", "Harbour Valley Association"),
        ("Lakeside Gazette", "Lakeside Gazette"),
        ("HVA", "Harbour Valley Association"),
        ("Shore Campaign", "Shore Campaign"),
    ]
    # a headline in title case, a sentence's first word, a party's other name in brackets: no new name
    assert _organisations("Court Ruling Upheld By Appeals Court Today.") == []
    assert _organisations("Members of the Brickmakers Union met.") == [
        ("Brickmakers Union", "Brickmakers Union")
    ]
    assert _organisations("He joined the Tudeh Party of Iran (Workers Party).") == [
        ("Tudeh Party of Iran", "Tudeh Party")
    ]


def test_a_state_body_by_its_lowercase_word() -> None:
    text = (
        "He was later head of Iran's judiciary. The judiciary panels met; Iran's intelligence service called."
    )
    assert _organisations(text) == [
        ("judiciary", "Judiciary"),
        ("intelligence service", "Ministry of Intelligence"),
    ]


def test_a_city_in_a_body_s_name_is_no_place() -> None:
    text = (
        "The hearing moved to the Durres Court. She wrote to Tehran city council and to the Behesht Zahra "
        "organization, then spoke for the (PMOI / MEK Iran) delegation."
    )
    found = [(m.type, m.text, m.value) for m in extract_mentions(text) if m.type in ("place", "organisation")]
    assert found == [
        ("organisation", "Durres Court", "Durres District Court"),
        ("organisation", "Tehran city council", "Tehran City Council"),
        ("organisation", "Behesht Zahra organization", "Behesht Zahra organization"),
        ("organisation", "PMOI", "People's Mojahedin Organization of Iran"),
        ("organisation", "MEK Iran", "People's Mojahedin Organization of Iran"),
    ]


def test_a_commission_of_inquiry_is_no_death_commission() -> None:
    text = (
        "Jurists called for a “commission of inquiry” into the killings; the state denied the commission of "
        "crimes. Members of the commission were three."
    )
    assert _organisations(text) == [("commission", "death commission")]


def test_spellings_of_bodies_written_several_ways() -> None:
    text = (
        "By RFE/RL's Radio Farda. The municipality of Tehran gave the land to the Iranian People's "
        "Mujahideen."
    )
    assert _organisations(text) == [
        ("RFE/RL", "Radio Free Europe/Radio Liberty"),
        ("Radio Farda", "Radio Farda"),
        ("municipality of Tehran", "Tehran Municipality"),
        ("Iranian People's Mujahideen", "People's Mojahedin Organization of Iran"),
    ]
    assert _organisations("پس از آن هیات های مرگ در شهرها تشکیل شد.") == [
        ("هیات های مرگ", "death commission")
    ]


def test_an_outlet_named_after_the_word_for_its_kind() -> None:
    assert _organisations('The blog Tanbur wrote about it. The magazine "Dastan" was banned.') == [
        ("Tanbur", "Tanbur"),
        ("Dastan", "Dastan"),
    ]
    text = "او با مجله «دفتر» گفتگو کرد. روزنامه سوئدی «امروز صبح» نوشت."
    assert _organisations(text) == [("دفتر", "دفتر"), ("امروز صبح", "امروز صبح")]


def test_a_government_named_by_its_head_leaves_the_head_a_person() -> None:
    text = (
        "Under the Khatami government, and later during the Rouhani administration, letters went unanswered."
    )
    mentions = extract_mentions(text)
    assert [(m.type, m.text) for m in mentions if m.type in ("organisation", "person")] == [
        ("person", "Khatami"),
        ("organisation", "government"),
        ("person", "Rouhani"),
        ("organisation", "administration"),
    ]
    persian = extract_mentions("او وزیر کشور در دولت خاتمی بود.")
    assert [(m.type, m.text) for m in persian if m.type in ("organisation", "person")] == [
        ("organisation", "دولت"),
        ("person", "خاتمی"),
    ]


def test_persian_bodies_by_plural_short_or_agent_s_words() -> None:
    text = (
        "رادیو فرانسه گزارش داد که دادگاه‌های انقلاب اسلامی و حکومت اسلامی پاسخی ندادند. "
        "گفتند هیات عفو می‌آید و مأموران اطلاعات در راهرو بودند."
    )
    assert _organisations(text) == [
        ("رادیو فرانسه", "Radio France Internationale"),
        ("دادگاه‌های انقلاب اسلامی", "Revolutionary Court"),
        ("حکومت اسلامی", "Islamic Republic of Iran"),
        ("هیات عفو", "death commission"),
        ("اطلاعات", "Ministry of Intelligence"),
    ]


def test_the_body_running_a_city_s_cemeteries_named_in_quotes() -> None:
    text = "مسئولان “گورستان‌های تبریز” پاسخ ندادند. In Tabriz, the 'cemeteries of Tabriz' refused."
    mentions = [
        (m.type, m.text, m.value) for m in extract_mentions(text) if m.type in ("place", "organisation")
    ]
    assert mentions == [
        ("organisation", "گورستان‌های تبریز", "Tabriz Cemeteries Organisation"),
        ("place", "Tabriz", "Tabriz"),
        ("organisation", "cemeteries of Tabriz", "Tabriz Cemeteries Organisation"),
    ]


def test_the_gallows_word_for_the_executed_is_no_party() -> None:
    text = "خاطره‌ای از اعدام سربداران ۶۷ در قزل‌حصار. اعضای سربداران در جنگل بودند."
    assert _organisations(text) == [("سربداران", "Union of Iranian Communists")]


def test_a_death_panel_and_the_ministry_translated_as_information() -> None:
    text = "He sat on the Tabriz 'death panel' and represented the Ministry of Information there."
    # (the town before the panel's nickname is its name, as in "the Tabriz committee": no place told)
    assert _organisations(text) == [
        ("Tabriz 'death panel'", "death commission"),
        ("Ministry of Information", "Ministry of Intelligence"),
    ]


def test_outlets_whose_name_holds_a_country_or_a_common_word() -> None:
    text = "این نامه در مجله ایران فردا و سایت اندیشه پیکار منتشر شد."
    mentions = [
        (m.type, m.text, m.value) for m in extract_mentions(text) if m.type in ("place", "organisation")
    ]
    assert mentions == [
        ("organisation", "ایران فردا", "Iran-e Farda"),
        ("organisation", "اندیشه پیکار", "Andisheh Peykar"),
    ]


def test_a_street_or_shrine_no_list_holds_with_the_city_of_its_sentence() -> None:
    text = (
        "Graves lie at the Seyed Rostam Shrine, Narenjestan Street, next to the Amol stadium. The office was "
        "on Ferdowsi Avenue and it closed."
    )
    places = [(m.text, m.value) for m in extract_mentions(text) if m.type == "place"]
    assert places == [
        ("Seyed Rostam Shrine", "Seyed Rostam Shrine (Amol)"),
        ("Narenjestan Street", "Narenjestan Street (Amol)"),
        ("Amol", "Amol"),
        ("Ferdowsi Avenue", "Ferdowsi Avenue"),
    ]


def test_a_form_s_field_label_is_no_organisation() -> None:
    text = "Occupation: Electrician\nInterviewing Organization: Harbour Rights Documentation Center\n"
    assert _organisations(text) == [
        ("Harbour Rights Documentation Center", "Harbour Rights Documentation Center")
    ]


def test_armies_and_courts_named_by_their_kind_word_and_their_initials() -> None:
    text = (
        "The Ruritanian Liberation Army (RLA) crossed the border; the RLA withdrew. "
        "The Oslo District Criminal Court ruled."
    )
    assert _named(text) == [
        ("organisation", "Ruritanian Liberation Army", "Ruritanian Liberation Army"),
        ("organisation", "RLA", "Ruritanian Liberation Army"),
        ("organisation", "RLA", "Ruritanian Liberation Army"),
        ("organisation", "Oslo District Criminal Court", "Oslo District Criminal Court"),
    ]


def test_a_bare_commission_after_another_commission_is_not_the_death_commission() -> None:
    # docs/annotation.md: a bare repeat of a title is no mention; here it is not even the death commission
    text = (
        "A People's Truth Commission sat in London. Those testifying before the Commission came from afar. "
        "The Death Commission had questioned them in 1988; the Commission sent most to the gallows."
    )
    found = [(m.text, m.value) for m in extract_mentions(text) if m.type == "organisation"]
    assert found == [
        ("Commission", "death commission"),  # inside "Truth Commission", the overlap the scorer matches
        ("Death Commission", "death commission"),
        ("Commission", "death commission"),
    ]


def test_a_government_named_by_its_peoples_adjective() -> None:
    text = (
        "The Norwegian government protested, the Iraqi Government did not; under the Rafsanjani government."
    )
    assert _named(text) == [
        ("organisation", "Norwegian government", "Norwegian government"),
        ("organisation", "Iraqi Government", "Iraqi Government"),
        ("organisation", "government", "Islamic Republic of Iran"),
    ]


def test_places_that_only_qualify_another_name() -> None:
    # docs/annotation.md (eighteenth part): a city in a police unit's name is no place, nor a country closing
    # an organisation's name or in a court's; "the judiciary in X" is the body's mention
    text = (
        "The letter reached the Stockholm Police. She spoke at Amnesty International UK’s office. "
        "Since 2014 the judiciary in Sweden hears such cases; he sat on the tribunal for Sierra Leone. "
        "He flew to Sierra Leone."
    )
    assert _named(text) == [
        ("organisation", "Amnesty International UK", "Amnesty International"),
        ("organisation", "judiciary in Sweden", "Judiciary"),
        ("place", "Sierra Leone", "Sierra Leone"),
    ]


def test_countries_regions_airports_and_parks_of_the_accounts() -> None:
    text = (
        "They fled to Rwanda and later to Iraqi Kurdistan. Kin gathered in Tulip Park outside the gates. "
        "The courts of Latin America tried such crimes; the revolutionary courts did not, and the Court of "
        "Appeal upheld the verdict."
    )
    assert _named(text) == [
        ("place", "Rwanda", "Rwanda"),
        ("place", "Iraqi Kurdistan", "Kurdistan Region"),
        ("place", "Tulip Park", "Tulip Park"),
        ("place", "Latin America", "Latin America"),
        ("organisation", "revolutionary courts", "Revolutionary Court"),
        ("organisation", "Court of Appeal", "Svea Court of Appeal"),
    ]


def test_persian_regions_airports_campaigns_and_source_lines() -> None:
    text = (
        "مردم ترکمن صحرا و سوریه را دیدند. او در فرودگاه مهرآباد دستگیر شد و به ارتش آزادیبخش ملی پیوست. "
        "در برنامه‌ی «عدالت ۸۸» سخن گفت.\nبرگرفته از: نشریه آوای زنان\n"
    )
    assert _named(text) == [
        ("place", "ترکمن صحرا", "Turkmen Sahra"),
        ("place", "سوریه", "Syria"),
        ("place", "فرودگاه مهرآباد", "Mehrabad Airport"),
        ("organisation", "ارتش آزادیبخش ملی", "National Liberation Army of Iran"),
        ("organisation", "عدالت ۸۸", "Justice88 Campaign"),
        ("organisation", "نشریه آوای زنان", "نشریه آوای زنان"),
    ]


def test_a_site_is_named_only_as_its_name_is_capitalised() -> None:
    text = "He was detained at a Stockholm airport; a year later he landed at Stockholm Airport again."
    assert _named(text) == [
        ("place", "Stockholm", "Stockholm"),
        ("place", "Stockholm Airport", "Stockholm Arlanda Airport"),
    ]


def test_a_prison_with_its_other_name_in_brackets_is_one_place() -> None:
    # docs/annotation.md (eighteenth part): "Kalat (Bagh-e Sib) Prison" is one place mention
    text = "He served in Gohardasht (Rajai Shahr) Prison, west of the capital, and lived in Naziabad."
    assert _named(text) == [
        ("place", "Gohardasht (Rajai Shahr) Prison", "Gohardasht"),
        ("place", "Naziabad", "Naziabad"),
    ]


def test_the_prisons_of_karaj_and_ahvaz_in_both_scripts() -> None:
    text = "او را به زندان کچویی و بعد زندان سپیدار بردند. He was in Kachui Prison."
    assert _named(text) == [
        ("place", "زندان کچویی", "Kachui"),
        ("place", "زندان سپیدار", "Sepidar"),
        ("place", "Kachui Prison", "Kachui"),
    ]


def test_an_outlet_named_before_the_word_for_its_kind() -> None:
    text = "The Bahar daily and the Tamadon newspaper reported it; the Iranian newspaper did not."
    assert _named(text) == [
        ("organisation", "Bahar", "Bahar"),
        ("organisation", "Tamadon", "Tamadon"),
    ]


def _texts(text: str, kind: str = "organisation") -> list[str]:
    return [m.text for m in extract_mentions(text) if m.type == kind]


def test_a_court_described_by_its_country_and_kind_is_no_name() -> None:
    # docs/annotation.md, twenty-first part: "a Ruritanian district court" is no organisation; a named one is
    assert _texts("A Swedish appeals court on Monday upheld the ruling of the lower court.") == []
    assert _texts("Swedish Court Rejects Appeal In Old Case") == []
    assert _texts("The Swedish Appeals Court upheld it. The Appeal Court's ruling was cheered.") == [
        "Swedish Appeals Court",
        "Appeal Court",
    ]


def test_common_nouns_in_title_case_are_no_body() -> None:
    assert _texts("Oslo, 3 March 2015 Civil Society Hearing on the Killings of Prisoners") == []


def test_a_judiciary_news_agency_named_by_description_is_the_agency() -> None:
    text = "A site that belongs to Iran's judiciary news agency quoted the lawyer."
    assert _texts(text) == ["judiciary news agency"]


def test_an_agency_run_together_with_the_datelines_city() -> None:
    # docs/annotation.md, twenty-third part: "Associated PressKARAJ —" is the agency and the city
    text = "Old case reopened Associated PressTABRIZ — A retired guard was questioned on Monday."
    assert _texts(text) == ["Associated Press"]
    assert _texts(text, "place") == ["TABRIZ"]


def test_a_state_body_of_the_islamic_republic_is_one_mention() -> None:
    text = "سخنگوی وزارت امور خارجه جمهوری اسلامی دیروز گفت که جمهوری اسلامی پاسخ خواهد داد."
    assert _texts(text) == ["وزارت امور خارجه جمهوری اسلامی", "جمهوری اسلامی"]


def test_forensic_medicine_qualifying_a_noun_is_no_body() -> None:
    text = "کارشناسان پزشکی قانونی گورها را دیدند و جسدها را به پزشکی قانونی بردند."
    assert _texts(text) == ["پزشکی قانونی"]


def test_the_intelligence_office_of_a_prison_or_town() -> None:
    # docs/annotation.md, twenty-second part: the office is the ministry, the prison and town places apart
    text = "ما را از بند بردند به اطلاعات زندان رشت و بعد به اطلاعات منتقل کردند. در اطلاعات رشت ماندیم."
    assert _texts(text) == ["اطلاعات", "اطلاعات", "اطلاعات"]
    assert "رشت" in _texts(text, "place")


def test_a_supreme_court_with_its_country_after_it() -> None:
    # docs/annotation.md, twenty-third part: the court's words an organisation, the country a place
    text = "دیوان عالی نروژ درخواست او را رد کرد."
    assert _texts(text) == ["دیوان عالی"]
    assert _texts(text, "place") == ["نروژ"]


def test_a_komiteh_named_by_its_district_number() -> None:
    text = "پس از ده روز در کمیته منطقه ۵تبریز مرا به زندان بردند. برادرم در کمیته ناحیه ۲ شیراز بود."
    assert _texts(text) == ["کمیته منطقه ۵تبریز", "کمیته ناحیه ۲ شیراز"]
    assert _texts(text, "place") == []


def test_a_town_in_a_universitys_name_is_no_place() -> None:
    assert _texts("او از دانشگاه شیراز مدرک گرفت و در شیراز ماند.", "place") == ["شیراز"]


def test_a_provinces_prison_named_by_the_province() -> None:
    found = [(m.text, m.value) for m in extract_mentions("دو سال در زندان گیلان بودم.") if m.type == "place"]
    assert found[0] == ("زندان گیلان", "Gilan Prison")


def test_an_outlet_whose_name_is_everyday_words_in_its_own_places() -> None:
    text = "اخبار روز: گزارشی از زندان.\nاو در گفتگویی با اخبار روز گفت که از اخبار روز بی‌خبر بودیم."
    assert _texts(text) == ["اخبار روز", "اخبار روز"]


def test_a_road_named_by_the_places_it_joins_is_one_place() -> None:
    text = (
        "Graves were found beside the Tabriz-Marand road and past the Sar Cheshmeh – Dareh Road, near a farm."
    )
    found = [(m.text, m.value) for m in extract_mentions(text) if m.type == "place"]
    assert found == [
        ("Tabriz-Marand road", "Tabriz–Marand Road"),
        ("Sar Cheshmeh – Dareh Road", "Sar Cheshmeh–Dareh Road"),
    ]


def test_a_partys_provincial_committee_takes_its_town() -> None:
    text = "He sat on the Shiraz Provincial Committee, and the Provincial Committee of Shiraz met in Shiraz."
    assert _texts(text, "place") == ["Shiraz"]


def test_a_name_broken_by_a_run_of_spaces() -> None:
    # a justified page pads the words of a line with spaces
    assert _texts("زنان زندان قزل      حصار را به یاد دارند.", "place") == ["زندان قزل      حصار"]


def test_a_towns_death_panel_is_the_commission_with_its_town() -> None:
    text = "He sat on the Shiraz death panel, the Shiraz “death panel” of the summer."
    assert _texts(text) == ["Shiraz death panel", "Shiraz “death panel”"]
    assert _texts(text, "place") == []


def test_a_court_named_after_its_countrys_possessive_leaves_the_country_a_place() -> None:
    # docs/annotation.md, twenty-first part: "Ruritania's Supreme Court" is the court and a place
    text = "Norway's High Court Refuses Appeal"
    assert _texts(text) == ["High Court"]
    assert _texts(text, "place") == ["Norway"]


def test_datelines_and_the_road_to_khavaran_are_listed() -> None:
    text = "ERBIL, Kurdistan Region — The families met at Khorasan Gate and drove along the Khorasan highway."
    assert [m.value for m in extract_mentions(text) if m.type == "place"] == [
        "Erbil",
        "Kurdistan Region",
        "Khorasan Gate",
        "Khorasan Road",
    ]


def test_a_towns_prison_as_the_prison_of_the_city() -> None:
    found = [
        (m.text, m.value)
        for m in extract_mentions("He died in the prison of the city of Sanandaj.")
        if m.type == "place"
    ]
    assert found[0] == ("prison of the city of Sanandaj", "Sanandaj Prison")
