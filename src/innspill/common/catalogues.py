"""The translation catalogues read back: what each language has, and what the templates ask for.

Used by `messages_report` (completeness per language, for translators) and by the test that
fails when a template string has no nynorsk or English translation.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = PACKAGE / "locale"

# The pages a participant sees, by the source files their strings come from (the .po
# references): these must be complete in every language, the rest in nb, nn and en.
PARTICIPANT_SOURCES = (
    "templates/base.html",
    "templates/conferences/conference_list.html",
    "templates/conferences/program.html",
    "templates/conferences/_program.html",
    "templates/conferences/_item.html",
    "templates/conferences/_errors.html",
    "templates/conferences/_fields.html",
    "templates/registrations/participant.html",
    "templates/registrations/register.html",
    "templates/registrations/link_error.html",
    "templates/registrations/closed.html",
    "templates/registrations/declined.html",
    "registrations/forms.py",
    "templates/surveys/answer.html",
    "templates/surveys/thanks.html",
    "templates/surveys/link_error.html",
    "surveys/choices.py",
    "capture/templates/capture/join.html",
    "capture/templates/capture/capture_page.html",
    "capture/templates/capture/personal.html",
    "followups/templates/followups/_participant_status.html",
)

Key = tuple[str, str]  # (context, msgid)


@dataclass
class Entry:
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    refs: list[str] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.msgstr) and all(self.msgstr)


def _unquote(line: str) -> str:
    text = line.strip()[1:-1]
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def parse_po(text: str) -> dict[Key, Entry]:
    """The entries of a .po file (the header and obsolete #~ entries left out)."""
    entries: dict[Key, Entry] = {}
    block: dict[str, str] = {}
    current: str | None = None
    entry = Entry()

    def flush() -> None:
        nonlocal block, entry, current
        if "msgid" in block and block["msgid"]:
            strs = [v for k, v in sorted(block.items()) if k.startswith("msgstr")]
            entry.msgstr = strs
            entries[(block.get("msgctxt", ""), block["msgid"])] = entry
        block, entry, current = {}, Entry(), None

    for line in text.splitlines():
        if not line.strip():
            flush()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            entry.fuzzy = "fuzzy" in line
        elif line.startswith("#:"):
            entry.refs.extend(ref.rsplit(":", 1)[0] for ref in line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and current:
            block[current] += _unquote(line)
        else:
            keyword, _sep, rest = line.partition(" ")
            current = keyword
            block[current] = _unquote(rest)
    flush()
    return entries


def catalogue(language: str) -> dict[Key, Entry]:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    return parse_po(path.read_text(encoding="utf-8")) if path.exists() else {}


def template_paths() -> list[Path]:
    return sorted([*PACKAGE.glob("templates/**/*.html"), *PACKAGE.glob("*/templates/**/*.html")])


def template_msgids() -> dict[Key, list[str]]:
    """Every translatable string in the templates as they are now, with the files using it.

    Extracted as makemessages does (templatize, then xgettext), so a string added to a
    template counts before anyone has run makemessages.
    """
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for path in template_paths():
            relative = path.relative_to(PACKAGE)
            target = Path(tmp) / f"{relative}.py"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8"
            )
            names.append(str(target.relative_to(tmp)))
        # One xgettext run for every template: a process per file took a minute on CI.
        result = subprocess.run(
            [
                "xgettext",
                "--language=Python",
                "--from-code=UTF-8",
                "--keyword=gettext_noop",
                "--keyword=pgettext:1c,2",
                "--keyword=npgettext:1c,2,3",
                "--output=-",
                *names,
            ],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=True,
        )
    return {
        key: [ref.removesuffix(".py") for ref in entry.refs]
        for key, entry in parse_po(result.stdout).items()
    }


def is_participant(entry: Entry) -> bool:
    return any(ref in PARTICIPANT_SOURCES for ref in entry.refs)


def completeness() -> list[tuple[str, int, int, int, int]]:
    """Per language: (code, translated, total, participant translated, participant total)."""
    rows = []
    reference = catalogue("en") or catalogue("nn")
    participant = {key for key, entry in reference.items() if is_participant(entry)}
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue  # the source language
        entries = catalogue(code)
        done = {key for key, entry in entries.items() if entry.translated}
        rows.append(
            (
                code,
                len(done & set(reference)),
                len(reference),
                len(done & participant),
                len(participant),
            )
        )
    return rows
