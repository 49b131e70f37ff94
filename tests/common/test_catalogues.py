"""Every string in a template or in the Python code has its nynorsk and English translation; the
participant pages and the e-mails have every language. The failure lists what is missing, ready
to hand to a translator."""

import pytest
from django.conf import settings

from innspill.common.catalogues import (
    EMAIL_SOURCES,
    PARTICIPANT_SOURCES,
    catalogue,
    completeness,
    is_email,
    is_participant,
    parse_po,
    python_msgids,
    source_msgids,
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
    # The e-mails are templates too (.txt).
    assert found[("", "Vennlig hilsen")][0] == "templates/emails/_details.txt"


def test_python_strings_are_found_as_makemessages_finds_them():
    found = python_msgids()
    assert found[("", "Svaret er lagret.")] == ["followups/views.py"]
    assert found[("tema", "Barnevern")] == ["inputs/vocabulary_names.py"]
    assert ("", "Tofaktorinnloggingen er nullstilt for %(count)d bruker.") in found
    assert not [files for files in found.values() if any("migrations/" in f for f in files)]


def _missing(language, keys):
    entries = catalogue(language)
    return sorted(
        f"{msgid!r} ({', '.join(files)})" if not context else f"{context}|{msgid!r}"
        for (context, msgid), files in keys.items()
        if not (entries.get((context, msgid)) and entries[(context, msgid)].translated)
    )


@pytest.mark.parametrize("language", ["nn", "en"])
def test_every_string_has_a_translation(language):
    missing = _missing(language, source_msgids())
    assert missing == [], (
        f"{len(missing)} strings in templates and code lack a {language} translation "
        f"(run `make extract-messages`, translate in locale/{language}/LC_MESSAGES/django.po, "
        "then `make messages`):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "nb"])
def test_participant_pages_and_emails_are_complete_in_every_language(language):
    wanted = {
        key: files
        for key, files in source_msgids().items()
        if is_participant(key, files) or is_email(files)
    }
    missing = _missing(language, wanted)
    assert missing == [], (
        f"{len(missing)} strings on participant pages or in e-mails lack a {language} "
        "translation:\n" + "\n".join(missing)
    )


def test_completeness_counts_the_participant_pages_and_emails():
    rows = {code: row for code, *row in completeness()}
    _done, total, p_done, p_total, m_done, m_total = rows["ar"]
    assert (p_done, m_done) == (p_total, m_total)
    assert p_total >= 200 and m_total >= 50 and total > p_total


def test_participant_and_email_sources_exist():
    from innspill.common.catalogues import PACKAGE

    sources = PARTICIPANT_SOURCES + EMAIL_SOURCES
    assert [s for s in sources if not (PACKAGE / s).exists()] == []
