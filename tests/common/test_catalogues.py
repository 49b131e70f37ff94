"""Every string in a template has its nynorsk and English translation; the participant pages
have every language. The failure lists what is missing, ready to hand to a translator."""

import pytest

from innspill.common.catalogues import (
    PARTICIPANT_SOURCES,
    catalogue,
    completeness,
    parse_po,
    template_msgids,
)

PO = """msgid ""
msgstr ""
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: templates/base.html:3 templates/x.html:4
msgid "Søk"
msgstr "Search"

#, fuzzy
msgid "Gjettet"
msgstr "Guessed"

msgid ""
"Lang "
"tekst"
msgstr ""

msgctxt "verb"
msgid "%(n)s innspill"
msgid_plural "%(n)s innspill"
msgstr[0] "%(n)s input"
msgstr[1] ""

#~ msgid "Gammel"
#~ msgstr "Old"
"""


def test_parse_po_reads_references_fuzzy_continuations_and_plurals():
    entries = parse_po(PO)
    assert sorted(entries) == [
        ("", "Gjettet"),
        ("", "Lang tekst"),
        ("", "Søk"),
        ("verb", "%(n)s innspill"),
    ]
    assert entries[("", "Søk")].refs == ["templates/base.html", "templates/x.html"]
    assert [key for key, e in entries.items() if e.translated] == [("", "Søk")]


def test_template_strings_are_found_as_makemessages_finds_them():
    found = template_msgids()
    assert found[("", "Hopp til hovedinnhold")] == ["templates/base.html"]
    assert ("", "%(n)s valgt") in found


@pytest.mark.parametrize("language", ["nn", "en"])
def test_every_template_string_has_a_translation(language):
    entries = catalogue(language)
    missing = sorted(
        f"{msgid!r} ({', '.join(files)})" if not context else f"{context}|{msgid!r}"
        for (context, msgid), files in template_msgids().items()
        if not (entries.get((context, msgid)) and entries[(context, msgid)].translated)
    )
    assert missing == [], (
        f"{len(missing)} template strings lack a {language} translation "
        f"(run `make extract-messages`, translate in locale/{language}/LC_MESSAGES/django.po, "
        "then `make messages`):\n" + "\n".join(missing)
    )


def test_the_participant_pages_are_complete_in_nynorsk_and_english():
    rows = {code: (p_done, p_total) for code, _d, _t, p_done, p_total in completeness()}
    assert rows["nn"][0] == rows["nn"][1] and rows["en"][0] == rows["en"][1]
    assert rows["nn"][1] >= 120  # the participant sources are found in the catalogue


def test_participant_sources_exist():
    from innspill.common.catalogues import PACKAGE

    assert [s for s in PARTICIPANT_SOURCES if not (PACKAGE / s).exists()] == []
