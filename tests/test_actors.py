"""The actor table: loading, extension by a corpus, validation, and resolution of mentions."""
from __future__ import annotations

import pytest

from analysis import config, vocab
from analysis.actors import (ACTOR_COLUMNS, capital_only, country_party, load_actors, party_of_mention,
                             resolve_actor)
from analysis.errors import InputError


def test_builtin_table_covers_the_crisis_actors_with_valid_columns():
    actors = load_actors()
    assert tuple(actors.columns) == ACTOR_COLUMNS
    names = set(actors["name"])
    for needed in ("Vladimir Putin", "Sergei Lavrov", "Dmitry Peskov", "Sergei Ryabkov",
                   "Alexander Grushko", "Alexander Lukashevich", "Antony Blinken", "Wendy Sherman",
                   "Ned Price", "Jake Sullivan", "Jens Stoltenberg", "Volodymyr Zelensky",
                   "Dmytro Kuleba", "Annalena Baerbock", "Emmanuel Macron", "Olaf Scholz",
                   "Josep Borrell", "Antonio Guterres", "Kremlin", "State Department", "NATO"):
        assert needed in names, needed
    assert actors["name"].is_unique
    assert set(actors["pronoun"]) <= {"he", "she", "it", "they", ""}
    core = set(vocab.CORE_PARTIES)
    # Organisations and groupings are parties of their own (organisations.csv).
    organisations = set(actors.loc[actors["kind"].isin(["institution", "group"]) & (actors["role"] != ""),
                                   "party"])
    others = {p for p in actors["party"] if p not in core and p not in organisations}
    assert all(country_party(p) == p for p in others), others  # e.g. Belarus, Türkiye


@pytest.mark.parametrize("mention, name", [
    ("Sergey Ryabkov", "Sergei Ryabkov"),
    ("Russian Deputy Foreign Minister Sergei Ryabkov", "Sergei Ryabkov"),
    ("Ryabkow", "Sergei Ryabkov"),            # fuzzy transliteration
    ("Zelenskyy", "Volodymyr Zelensky"),
    ("DEPUTY SECRETARY SHERMAN", "Wendy Sherman"),
    ("MR PRICE", "Ned Price"),
    ("the Kremlin", "Kremlin"),
    ("Kiev", "Kyiv"),
    ("the U.S.", "United States"),
])
def test_resolve_actor_names_spellings_titles_and_metonyms(mention, name):
    found = resolve_actor(mention)
    assert found is not None and found.name == name


def test_descriptions_and_unknown_people_are_not_actors():
    assert resolve_actor("US officials") is None
    assert resolve_actor("Thomas Greminger") is None
    assert resolve_actor("") is None


@pytest.mark.parametrize("mention, party", [
    ("a Russian official", "Russia"),
    ("US and NATO officials", "US"),
    ("Moscow", "Russia"),
    ("Washington", "US"),
    ("the alliance", "NATO"),
    ("Allies", "NATO"),
    ("Belarusian officials", "Belarus"),       # country_converter, not the table
    ("Estonian Prime Minister Kaja Kallas", "Estonia"),
    ("director of the Geneva Center for Security Policy", vocab.INDEPENDENT),
    ("a senior fellow at the Carnegie Endowment", vocab.INDEPENDENT),
    ("the spokesperson for the Department of Foreign Affairs", None),
    ("a Whitehall source", "UK"),               # the seat of a government, as "Downing Street"
])
def test_party_of_mention(mention, party):
    assert party_of_mention(mention) == party


def test_country_party_rejects_ordinary_capitalised_words():
    for word in ("Department", "Geneva", "European", "Monday", "Christian", "Western"):
        assert country_party(word) is None, word
    assert country_party("Ukrainian") == "Ukraine"
    assert country_party("Swiss") == "Switzerland"


def test_a_capital_two_countries_once_shared_names_the_country_of_today():
    # GeoNames lists Belgrade for Serbia and for the former Serbia and Montenegro.
    assert country_party("Belgrade") == "Serbia"
    assert country_party("Kingston") == "Jamaica"
    assert country_party("Moscow") == "Russia"


def test_corpus_table_extends_and_overrides(tmp_path):
    extra = tmp_path / "actors.csv"
    extra.write_text("name,aliases,role,party,pronoun,kind\n"
                     "Thomas Greminger,Greminger,director of the GCSP,independent,he,person\n"
                     "Ned Price,Price;Mr Price,spokesman,US,he,person\n", encoding="utf-8")
    actors = load_actors(extra)
    assert resolve_actor("Greminger", actors).party == vocab.INDEPENDENT
    assert (actors["name"] == "Ned Price").sum() == 1
    assert resolve_actor("Thomas Greminger") is None  # the built-in table is untouched


@pytest.mark.parametrize("content, line, message", [
    ("name,role\nX,y\n", 1, "missing required column 'party'"),
    ("name,party,colour\nX,US,red\n", 1, "unknown column(s) 'colour'"),
    ("name,party\nX,US\nY\n", 3, "row has 1 fields but the header has 2"),
    ("name,party\n,US\n", 2, "invalid name '' (actor name must not be empty)"),
    # the line a row starts on, after a quoted field spanning two lines
    ('name,party,role\n"A\nB",US,x\nC,US\n', 4, "row has 2 fields"),
    ("name,party\nJohn Q,US\nJohn Q,Russia\n", 3, "second row for 'John Q' (first at line 2)"),
    ("name,party,pronoun\nX,US,him\n", 2, "invalid pronoun"),
    ("name,party,kind\nX,US,robot\n", 2, "invalid kind"),
    ("name,party\nX,\n", 2, "invalid party"),
])
def test_malformed_corpus_table_names_file_and_line(tmp_path, content, line, message):
    extra = tmp_path / "actors.csv"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_actors(extra)
    text = str(info.value)
    assert f"actors.csv:{line}:" in text and message in text
    assert "\n" not in text


def test_non_utf8_corpus_table_is_decoded_like_documents(tmp_path):
    extra = tmp_path / "actors.csv"
    # Saved by a Russian-locale spreadsheet: Windows-1251, found as documents' encodings are.
    extra.write_bytes(("name,role,party\n"
                       "Сергей Лавров,министр иностранных дел России,Russia\n"
                       "Мария Захарова,официальный представитель МИД России,Russia\n"
                       "Дмитрий Кулеба,министр иностранных дел Украины,Ukraine\n").encode("cp1251"))
    assert "Сергей Лавров" in set(load_actors(extra)["name"])
    extra.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match="actors.csv: not a text file"):
        load_actors(extra)


def test_common_noun_aliases_surnames_and_capitals():
    from analysis.actors import actor_index

    labour = load_actors(config.ROOT / "tests" / "data" / "corpora" / "labour" / "actors.csv")
    index = actor_index(labour)
    assert index.common_noun_at_end("The authority".split()).party == "Employer"
    assert index.common_noun_at_start("the union leaders".split()).party == "Union"
    # Proper-name aliases are not looked up case-insensitively: "price" is not Ned Price.
    assert actor_index().common_noun_at_end(["the", "price"]) is None
    assert party_of_mention("a company spokesman", labour) == "Employer"
    assert resolve_actor("Michel").name == "Charles Michel"
    assert country_party("Baku") == "Azerbaijan"
    assert country_party("Addis Ababa") == "Ethiopia"
    assert country_party("Geneva") is None  # a city, not a capital
    assert party_of_mention("Western diplomats") == "NATO"
    assert party_of_mention("one European diplomat") == "EU"


def test_capital_only_tells_a_capital_from_a_country_of_the_same_name():
    # A capital that is also a given name ("Victoria Halvorsen") is only a capital;
    # "Djibouti" and "Singapore" are also their countries' names.
    assert capital_only("Victoria") and capital_only("Santiago")
    assert not capital_only("Djibouti") and not capital_only("Singapore") and not capital_only("Russian")
