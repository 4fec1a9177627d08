"""The corpus loader: decoding, repair with span mapping, formats, metadata, language."""
import codecs
import os
import shutil
import warnings

import ftfy.bad_codecs  # noqa: F401 - registers "sloppy-windows-1252", how mojibake is made
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import config, corpus, tables
from analysis.errors import CorpusWarning, InputError

SEED = config.SEEDS_DIR / "000_a4d1898099380f22.txt"
SEED_ID = SEED.stem

RUSSIAN = (
    "Заместитель министра иностранных дел России Сергей Рябков заявил журналистам, что "
    "переговоры в Женеве были трудными, но деловыми. «Мы не намерены вторгаться на Украину», "
    "— сказал он.\nРоссия требует юридически обязывающих гарантий нерасширения НАТО на восток.\n")
ENGLISH = (
    "The talks in Geneva were “frank and direct”, said Wendy Sherman, the deputy secretary of "
    "state. Russia’s demands are non-starters, she told reporters after the café meeting.\n"
    "Ryabkov insisted that Moscow had no intention of invading Ukraine.\n")


def _corpus(tmp_path, files, with_seed=True):
    folder = tmp_path / "corpus"
    folder.mkdir(parents=True)
    if with_seed:
        shutil.copy(SEED, folder / SEED.name)
    for name, content in files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
    return folder


def _load(folder):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = corpus.load_corpus(folder)
    return docs, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


def _doc(docs, doc_id):
    rows = docs[docs["doc_id"] == doc_id]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


# ---------------------------------------------------------------- the seed

def test_seed_loads_unchanged_with_metadata():
    docs, warned = _load(config.SEEDS_DIR)
    assert list(docs.columns) == list(corpus.DOC_COLUMNS)
    row = _doc(docs, SEED_ID)
    original = SEED.read_text(encoding="utf-8")
    assert row["text"] == row["raw_text"] == original
    assert (row["encoding"], row["format"], row["language"], row["notes"]) == ("utf-8", "txt", "en", "")
    assert row["date"] == "2022-01-10"
    assert row["title"].startswith("No progress seen")
    assert row["source"] == "News-Herald"
    assert warned == []


def test_iter_documents_streams_sorted_dicts(tmp_path):
    folder = _corpus(tmp_path, {"b.txt": ENGLISH, "a.md": ENGLISH})
    stream = corpus.iter_documents(folder)
    first = next(stream)
    assert isinstance(first, dict) and first["doc_id"] == SEED_ID
    assert [row["doc_id"] for row in stream] == ["a", "b"]


# ---------------------------------------------------------------- decoding

@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_russian_legacy_encodings_are_detected(tmp_path, encoding):
    text = RUSSIAN.replace("«", '"').replace("»", '"').replace("—", "-")  # koi8-r lacks them
    folder = _corpus(tmp_path, {"ru.txt": text.encode(encoding)})
    docs, warned = _load(folder)
    row = _doc(docs, "ru")
    assert row["text"] == text
    assert codecs.lookup(row["encoding"]).name == codecs.lookup(encoding).name
    assert f"decoded from {codecs.lookup(encoding).name}" in row["notes"]
    assert row["language"] == "ru" and "non-English (ru)" in row["notes"]
    assert any("ru.txt: decoded from" in w for w in warned)
    assert any("ru.txt: non-English (ru)" in w for w in warned)


def test_latin1_english_is_decoded_not_garbled(tmp_path):
    text = ("Spain's foreign minister José Manuel Albares said in Genève that the café talks "
            "were useful, and that Madrid would not accept a naïve deal.\n")
    folder = _corpus(tmp_path, {"es.txt": text.encode("latin-1")})
    row = _doc(_load(folder)[0], "es")
    assert row["text"] == text
    assert row["language"] == "en"
    assert row["notes"].startswith("decoded from cp1252")


def test_utf8_bom_and_crlf_read_as_python_reads_them(tmp_path):
    data = codecs.BOM_UTF8 + ENGLISH.replace("\n", "\r\n").encode("utf-8")
    folder = _corpus(tmp_path, {"bom.txt": data})
    docs, warned = _load(folder)
    row = _doc(docs, "bom")
    assert row["text"] == row["raw_text"] == ENGLISH
    assert row["encoding"] == "utf-8-sig"
    with open(folder / "bom.txt", encoding=row["encoding"]) as handle:
        assert handle.read() == row["raw_text"]  # the documented contract of raw_text
    assert row["notes"] == "byte-order mark removed;Windows line endings (CRLF) read as \\n"
    assert warned == []  # harmless: noted, not warned


@pytest.mark.parametrize("encoding, expected", [("utf-16", "utf-16"), ("utf-32", "utf-32"),
                                                ("utf-16-le", "utf-16-le")])
def test_utf16_and_utf32_with_or_without_bom(tmp_path, encoding, expected):
    folder = _corpus(tmp_path, {"u.txt": ENGLISH.encode(encoding)})
    row = _doc(_load(folder)[0], "u")
    assert row["text"] == ENGLISH and row["encoding"] == expected


def test_old_mac_line_endings(tmp_path):
    folder = _corpus(tmp_path, {"mac.txt": ENGLISH.replace("\n", "\r")})
    row = _doc(_load(folder)[0], "mac")
    assert row["text"] == ENGLISH and "old Mac line endings" in row["notes"]


def test_utf8_with_a_few_corrupt_bytes_keeps_the_rest(tmp_path):
    data = ENGLISH.encode("utf-8").replace(b"Geneva", b"Gen\xffva")
    row = _doc(_load(_corpus(tmp_path, {"bad.txt": data}))[0], "bad")
    assert "Gen\ufffdva" in row["raw_text"] and "“frank and direct”" in row["text"]
    assert "1 invalid UTF-8 byte sequence(s) replaced" in row["notes"]


@pytest.mark.parametrize("name, content, note", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\r\n   \n", "whitespace-only file"),
    ("image.txt", bytes(range(256)) * 40, "binary file"),
    ("zeros.txt", b"\x00" * 5000, "binary file"),
])
def test_documents_without_text_stay_with_a_note(tmp_path, name, content, note):
    folder = _corpus(tmp_path, {name: content})
    docs, warned = _load(folder)
    row = _doc(docs, name[:-4])
    assert row["text"] == "" and row["raw_text"] == ""
    assert note in row["notes"]
    assert any(f"{name}: {note}" in w for w in warned)
    assert _doc(docs, SEED_ID)["text"]  # the rest of the corpus is still read


def test_read_text_file_decodes_and_rejects_binary(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes(RUSSIAN.replace("\n", "\r\n").encode("cp1251"))
    assert corpus.read_text_file(path) == RUSSIAN
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(InputError, match="lines.txt: not a text file"):
        corpus.read_text_file(path)


# ---------------------------------------------------------------- repair and span mapping

def test_mojibake_is_repaired_and_spans_map_into_the_original(tmp_path):
    mojibake = ENGLISH.encode("utf-8").decode("sloppy-windows-1252")
    assert "â€™" in mojibake
    folder = _corpus(tmp_path, {"moj.txt": mojibake})
    docs, warned = _load(folder)
    row = _doc(docs, "moj")
    assert row["raw_text"] == mojibake
    assert "Russia’s demands" in row["text"] and "café" in row["text"]
    assert any("moj.txt: text repaired by ftfy" in w for w in warned)
    start = row["text"].index("Russia’s demands")
    a, b = corpus.map_span_to_original(row, start, start + len("Russia’s demands"))
    assert row["raw_text"][a:b] == "Russiaâ€™s demands"
    start = row["text"].index("café")
    a, b = corpus.map_span_to_original(row, start, start + 4)
    assert row["raw_text"][a:b] == "cafÃ©"


def test_unrepaired_document_maps_spans_to_themselves():
    row = _doc(_load(config.SEEDS_DIR)[0], SEED_ID)
    starts, ends = corpus.map_spans_to_original(row, [0, 10], [5, 40])
    assert starts.tolist() == [0, 10] and ends.tolist() == [5, 40]
    with pytest.raises(ValueError):
        corpus.map_span_to_original(row, 0, len(row["text"]) + 1)


def test_repair_of_a_long_line_maps_every_piece():
    line = " ".join(["Ryabkov’s demand for “legal guarantees” was rejected again."] * 200)
    broken = line.encode("utf-8").decode("sloppy-windows-1252")
    assert len(broken) > 3 * corpus.REPAIR_PIECE_CHARS
    repaired, to_original = corpus.repair_text(broken)
    assert repaired == line
    last = repaired.rindex("Ryabkov’s")
    assert broken[to_original[last]:to_original[last + 9]] == "Ryabkovâ€™s"


def _check_map(original, repaired, to_original):
    assert len(to_original) == len(repaired) + 1
    assert to_original[-1] == len(original)
    assert to_original.min() >= 0 and to_original.max() <= len(original)
    assert (np.diff(to_original) >= 0).all()


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_repair_map_invariants_on_any_text(text):
    repaired, to_original = corpus.repair_text(text)
    _check_map(text, repaired, to_original)
    if repaired == text:
        assert to_original.tolist() == list(range(len(text) + 1))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("\t\n !\"#$%'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~‘’“”–—…"),
               max_size=200))
def test_text_the_shortcut_skips_is_indeed_left_alone_by_ftfy(text):
    # repair_text does not call ftfy on text of these characters; check that ftfy agrees.
    import ftfy

    assert corpus._NEEDS_NO_REPAIR.fullmatch(text)
    assert ftfy.fix_text(text, corpus._fixer_config(True)) == text
    assert ftfy.fix_text(text, corpus._fixer_config(False)) == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600))
def test_any_bytes_load_without_crashing(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "doc.txt").write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        docs = corpus.load_corpus(folder)
    assert len(docs) == 1
    row = docs.iloc[0].to_dict()
    assert all(isinstance(row[c], str) for c in corpus.DOC_COLUMNS)
    if row["text"]:
        repaired, to_original = corpus.repair_text(row["raw_text"])
        assert repaired == row["text"]
        _check_map(row["raw_text"], repaired, to_original)
        assert "\r" not in row["raw_text"]
    else:
        assert row["notes"]  # an empty document always says why


# ---------------------------------------------------------------- formats

PAGE = """<!DOCTYPE html>
<html><head><meta charset="windows-1251"><title>Talks end without progress</title></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Talks end without progress</h1>
<p>GENEVA – The United States and Russia clashed on Monday over Ukraine and other security
concerns without any sign of progress in the strategic talks.</p>
<p>“We have no intention of invading Ukraine,” Deputy Foreign Minister Sergei Ryabkov told
reporters after more than seven hours of talks.</p>
<p>Deputy Secretary of State Wendy Sherman said the United States would not allow anyone to
slam closed NATO’s open-door policy.</p></article>
<footer>Comments are closed. © 2022 Example News</footer></body></html>
"""


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.txt"])
def test_web_pages_give_their_article_text(tmp_path, name):
    folder = _corpus(tmp_path, {name: PAGE.encode("cp1251", errors="xmlcharrefreplace")})
    docs, warned = _load(folder)
    row = _doc(docs, "page")
    assert row["format"] == "html"
    assert "extracted from HTML" in row["notes"]
    assert "“We have no intention of invading Ukraine,” Deputy Foreign Minister" in row["text"]
    assert "slam closed NATO’s open-door policy" in row["text"]
    assert "Comments are closed" not in row["text"] and "Home" not in row["text"]
    assert "<p>" not in row["text"]
    assert row["title"] == "Talks end without progress"
    assert "\n\n" in row["text"]  # blocks become paragraphs
    assert row["language"] == "en"
    html_as_txt = any("page.txt: HTML saved as .txt" in w for w in warned)
    assert html_as_txt == name.endswith(".txt")


def test_metadata_title_wins_over_page_title(tmp_path):
    folder = _corpus(tmp_path, {"page.html": PAGE,
                                "metadata.csv": "file,title\npage.html,Geneva talks\n"})
    assert _doc(_load(folder)[0], "page")["title"] == "Geneva talks"


def test_markdown_is_kept_verbatim(tmp_path):
    md = "# Geneva talks\n\nSherman said the US *will not* let anyone close NATO's open door.\n"
    row = _doc(_load(_corpus(tmp_path, {"notes.md": md}))[0], "notes")
    assert row["format"] == "md" and row["text"] == md and row["notes"] == ""


def test_plain_text_starting_with_a_bracket_is_not_html(tmp_path):
    text = "<Reuters> " + ENGLISH
    row = _doc(_load(_corpus(tmp_path, {"r.txt": text}))[0], "r")
    assert row["format"] == "txt" and row["text"] == text


# ---------------------------------------------------------------- language

def test_language_detection_is_deterministic_and_cautious():
    assert corpus.detect_language(ENGLISH) == "en"
    assert corpus.detect_language(RUSSIAN) == "ru"
    assert corpus.detect_language("Ryabkov said no.") == ""  # too short to tell
    # A Title Case headline does not decide the language of the report under it.
    # (Read from its first 80 characters alone, this one passes for German.)
    headline = ("Hamid Berhane Is Deploying More Units Into Kelem, Says GoK\n\n"
                "Kelem, Nov. 9, 2021 (Kelem Radio) – ")
    body = ("The council said on Monday that the minister keeps sending troops into the "
            "valley despite the truce signed last week. It called on the mediators to press "
            "for their withdrawal and warned that the talks could not go on otherwise. ") * 3
    assert corpus.detect_language(headline + body) == "en"
    assert {corpus.detect_language(RUSSIAN) for _ in range(5)} == {"ru"}


# ---------------------------------------------------------------- folder and metadata

def test_missing_and_empty_folders_are_fatal(tmp_path):
    with pytest.raises(InputError, match="corpus folder not found"):
        corpus.load_corpus(tmp_path / "nowhere")
    with pytest.raises(InputError, match=r"no documents .* \(the folder is empty\)"):
        corpus.load_corpus(tmp_path)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "metadata.csv").write_text("file\nscan.pdf\n")
    with pytest.raises(InputError, match="found only scan.pdf"):
        corpus.load_corpus(tmp_path)


def test_other_files_are_skipped_with_one_warning(tmp_path):
    folder = _corpus(tmp_path, {"scan.pdf": b"%PDF", ".DS_Store": b"\x00\x01"})
    (folder / "attachments").mkdir()
    docs, warned = _load(folder)
    assert docs["doc_id"].tolist() == [SEED_ID]
    assert warned == [f"{folder}: skipped 2 entries that are not a document: attachments/, scan.pdf"]


def test_same_document_id_twice_is_fatal(tmp_path):
    folder = _corpus(tmp_path, {"a.txt": ENGLISH, "a.md": ENGLISH})
    with pytest.raises(InputError, match=r"a.txt: document id 'a' is also used by a.md"):
        corpus.load_corpus(folder)


def _metadata_case(tmp_path, metadata_text):
    return _corpus(tmp_path, {"b.txt": ENGLISH, "metadata.csv": metadata_text})


@pytest.mark.parametrize("metadata_text, message", [
    ("title,date\nb.txt,x\n", r"metadata.csv:1: missing required column 'file'"),
    ("", r"metadata.csv:1: empty file"),
    ("file,title\nb.txt,Talks, day one\n", r"metadata.csv:2: row has 3 fields"),
    ("file,title\nb.txt,One\nb.txt,Two\n", r"metadata.csv:3: second row for 'b.txt' \(first at line 2\)"),
    ("file\n../../etc/passwd\n", r"metadata.csv:2: file '../../etc/passwd' is outside the corpus folder"),
    ("file\n/etc/passwd\n", r"metadata.csv:2: file '/etc/passwd' is outside"),
    ("file\nC:\\Users\\x.txt\n", r"metadata.csv:2: file .* is outside"),
    ("file,file\nb.txt,b.txt\n", r"metadata.csv:1: column 'file' appears twice"),
    ('file,title\nb.txt,"unterminated\n', r"metadata.csv:\d+: malformed CSV"),
])
def test_unusable_metadata_is_fatal(tmp_path, metadata_text, message):
    folder = _metadata_case(tmp_path, metadata_text)
    with pytest.raises(InputError, match=message):
        corpus.load_corpus(folder)


def test_binary_metadata_is_fatal(tmp_path):
    folder = _corpus(tmp_path, {"metadata.csv": bytes(range(256)) * 10})
    with pytest.raises(InputError, match="metadata.csv: not a text file"):
        corpus.load_corpus(folder)


def test_symlink_escaping_the_folder_is_rejected(tmp_path):
    folder = _metadata_case(tmp_path, "file\nlink.txt\n")
    (folder / "link.txt").symlink_to("/etc/hostname")
    with pytest.raises(InputError, match="metadata.csv:2: file 'link.txt' is outside the corpus folder"):
        corpus.load_corpus(folder)


def test_recoverable_metadata_problems_warn_and_go_on(tmp_path):
    metadata = ("File, Title ,date,source,speaker,notes\n"
                "b.txt,Geneva talks,10/01/2022,Wire,,checked\n"
                "b.txt,Geneva talks,10/01/2022,Wire,,checked\n"
                "deleted.txt,Gone,2022-01-11,Wire,,\n"
                ",no file,,,,\n"
                f"{SEED_ID},Seed by id,2022-01,News-Herald,,\n")
    folder = _metadata_case(tmp_path, metadata)
    docs, warned = _load(folder)
    where = folder / "metadata.csv"
    assert warned == [
        f"{where}:1: unknown column(s) 'notes' ignored (known: {', '.join(tables.METADATA.columns)})",
        f"{where}:2: date '10/01/2022' is not ISO 8601 (YYYY-MM-DD); left empty",
        f"{where}:3: duplicate of line 2; ignored",
        f"{where}:4: 'deleted.txt' is not a document of the corpus; row ignored",
        f"{where}:5: row without a file name ignored",
    ]
    b = _doc(docs, "b")
    assert (b["title"], b["date"], b["source"]) == ("Geneva talks", "", "Wire")
    assert "date '10/01/2022' in metadata.csv is not ISO 8601" in b["notes"]
    seed = _doc(docs, SEED_ID)  # matched by document id, without the extension
    assert (seed["title"], seed["date"]) == ("Seed by id", "2022-01")


def test_metadata_in_excel_csv_flavour(tmp_path):
    metadata = "file,title\r\nb.txt,Genève talks\r\n"
    folder = _corpus(tmp_path, {"b.txt": ENGLISH,
                                "metadata.csv": codecs.BOM_UTF8 + metadata.encode("utf-8")})
    assert _doc(_load(folder)[0], "b")["title"] == "Genève talks"
    (folder / "metadata.csv").write_bytes(metadata.encode("cp1252"))
    assert _doc(_load(folder)[0], "b")["title"] == "Genève talks"
    (folder / "metadata.csv").write_text("File;Title;Date\nb.txt;Talks, day one;2022-01-10\n")
    assert _doc(_load(folder)[0], "b")["title"] == "Talks, day one"  # semicolon "CSV"


def test_read_metadata_table(tmp_path):
    folder = _metadata_case(tmp_path, "file,date\nb.txt,2022-01-10T09:30:00\n")
    table = corpus.read_metadata(folder)
    assert table.to_dict("records") == [{"file": "b.txt", "title": "", "date": "2022-01-10",
                                         "source": "", "speaker": "", "line": 2, "date_note": ""}]
    assert corpus.read_metadata(_corpus(tmp_path / "x", {}, with_seed=True)).empty


def test_docs_table_is_deterministic(tmp_path):
    folder = _corpus(tmp_path, {"ru.txt": RUSSIAN.encode("cp1251"), "page.html": PAGE,
                                "moj.txt": ENGLISH.encode("utf-8").decode("sloppy-windows-1252")})
    first, _ = _load(folder)
    second, _ = _load(folder)
    pd.testing.assert_frame_equal(first, second)


def test_table_spans_move_to_the_original_and_empty_documents_say_why(tmp_path):
    mojibake = ENGLISH.encode("utf-8").decode("sloppy-windows-1252")
    folder = _corpus(tmp_path, {"moj.txt": mojibake, "empty.txt": b"", "bin.txt": b"\x00\x01" * 900})
    docs, _ = _load(folder)
    moj = _doc(docs, "moj")
    start = moj["text"].index("Russia’s")
    table = pd.DataFrame({"doc_id": ["moj", SEED_ID, "empty"], "char_start": [start, 7, 0],
                          "char_end": [len(moj["text"]), 30, 0], "status": ["statement"] * 3})
    moved = corpus.map_table_spans_to_original(table, docs)
    assert mojibake[moved.loc[0, "char_start"]:moved.loc[0, "char_end"]].startswith("Russiaâ€™s")
    assert moved.loc[0, "char_end"] == len(mojibake)
    # Documents that needed no repair keep their offsets.
    assert moved.loc[1:, ["char_start", "char_end"]].values.tolist() == [[7, 30], [0, 0]]
    reasons = {row["doc_id"]: corpus.no_text_reason(row) for row in docs.to_dict("records")}
    assert reasons == {SEED_ID: "", "moj": "", "empty": "empty_file", "bin": "binary_file"}
    with pytest.raises(ValueError, match="unknown documents: ghost"):
        corpus.map_table_spans_to_original(table.assign(doc_id="ghost"), docs)


# ---------------------------------------------------------------- the one opener and the one table reader

def test_the_confined_opener_reads_only_regular_files_inside_the_folder(tmp_path):
    folder = _corpus(tmp_path, {"b.txt": ENGLISH})
    outside = tmp_path / "outside.txt"
    outside.write_text("private\n")
    (folder / "out.txt").symlink_to(outside)
    (folder / "in.txt").symlink_to(folder / "b.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "sub").mkdir()
    assert corpus.read_confined(folder / "in.txt", folder) == ENGLISH.encode()
    assert corpus.read_confined(outside) == b"private\n"  # no folder given: not confined
    for name, why in (("out.txt", "outside the corpus folder"), ("pipe.txt", "a named pipe"),
                      ("sub", "a folder"), ("gone.txt", "file not found")):
        with pytest.raises(corpus.UnreadableFile, match=why):
            corpus.read_confined(folder / name, folder)  # returns at once, never waits on the pipe


def test_a_linked_document_outside_the_folder_keeps_its_row_with_a_note(tmp_path):
    folder = _corpus(tmp_path, {"b.txt": ENGLISH})
    (tmp_path / "secret.txt").write_text("The envoy said Moscow demanded guarantees.\n")
    (folder / "secret.txt").symlink_to(tmp_path / "secret.txt")
    docs, warned = _load(folder)
    row = _doc(docs, "secret")
    assert row["text"] == "" and "outside the corpus folder" in row["notes"]
    assert any("secret.txt: symbolic link to a file outside the corpus folder" in w for w in warned)


def test_corpus_file_says_present_absent_or_why_not(tmp_path):
    folder = _corpus(tmp_path, {"actors.csv": "name,party\n"})
    assert corpus.corpus_file(folder, "actors.csv") == folder / "actors.csv"
    assert corpus.corpus_file(folder, "issues.csv") is None
    with pytest.raises(InputError, match="corpus folder not found"):
        corpus.corpus_file(tmp_path / "nowhere", "issues.csv")


SPEC = tables.TableSpec("test table", required=("name", "party"), optional=("role", "pronoun", "kind"),
                        key="name", schema=tables._actors_schema, prepare=tables._actor_defaults)


@pytest.mark.parametrize("content, message", [
    ('name,party,role\n"Olena\nPetrenko",Ukraine,envoy\nIvan Sirko,Ukraine,x,y\n',
     r"t.csv:4: row has 4 fields but the header has 3 \(unquoted comma\?\)"),
    ("name,party\nIvan Sirko\n", r"t.csv:2: row has 1 fields but the header has 2"),
    ("name,party,colour\nX,US,red\n", r"t.csv:1: unknown column\(s\) 'colour'"),
    ("role\nX\n", r"t.csv:1: missing required column 'name' \(columns: role\)"),
    ("name,party\nX,US;EU\n", r"t.csv:2: invalid party 'US;EU' \(party must not contain ';'\)"),
    ("name,party\nX,US\nY,\n", r"t.csv:3: invalid party '' \(party must not be empty\)"),
    ("name,party\nX,US\nX,UK\n", r"t.csv:3: second row for 'X' \(first at line 2\) with different values"),
    ("", r"t.csv:1: empty file"),
    ('name,party\n"X,US\n', r"t.csv:2: malformed CSV"),
])
def test_the_table_reader_names_file_and_line_in_one_wording(tmp_path, content, message):
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        tables.read_table(path, SPEC)


def test_the_table_reader_decodes_like_documents_and_warns_about_duplicates(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(codecs.BOM_UTF8 + "Name , Party\r\nJosé Albares,Spain\r\nJosé Albares,Spain\r\n"
                     .encode())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = tables.read_table(path, SPEC)
    assert table.to_dict("records") == [{"name": "José Albares", "party": "Spain", "role": "",
                                         "pronoun": "", "kind": "person", "line": 2}]
    assert [str(w.message) for w in caught] == [f"{path}:3: duplicate of line 2; ignored"]


def test_issue_anchors_with_an_extra_field_name_the_line(tmp_path):
    path = tmp_path / "issues.csv"
    path.write_text("name,description\nPay,wages\nHours,split shifts, night work\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"issues.csv:3: row has 3 fields"):
        tables.read_issue_anchors(path)
    path.write_text("name,description\nPay,pay rise; wages\nHours,\"split shifts, night work\"\n")
    assert tables.read_issue_anchors(path).to_dict("records") == [
        {"name": "Hours", "description": "split shifts, night work"},
        {"name": "Pay", "description": "pay rise"}, {"name": "Pay", "description": "wages"}]
