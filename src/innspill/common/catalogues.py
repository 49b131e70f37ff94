"""The translation catalogues read back: what each language has, and what the templates ask for.

Used by `messages_report` (completeness per language, for translators) and by the test that
fails when a string in a template or in the Python code has no nynorsk or English translation.
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
    "templates/registrations/cancel_confirm.html",
    "templates/registrations/substitute.html",
    "templates/registrations/personal_data_erase.html",
    "templates/registrations/personal_data_erased.html",
    "templates/registrations/_personal_data_links.html",
    "templates/rounds/answer.html",
    "templates/rounds/closed.html",
    "templates/rounds/link_error.html",
    "templates/limits/too_many_requests.html",
    "capture/services.py",
    "capture/views.py",
)

# What a participant sees from files that otherwise hold staff strings: the follow-up's
# status on «what became of my inputs», the question round's confirmations, the rate limit.
PARTICIPANT_MSGIDS = frozenset(
    {
        "Mottatt",
        "Under vurdering",
        "Fulgt opp",
        "Delvis fulgt opp",
        "Ikke fulgt opp",
        "Takk! Svarene er sendt inn. Dere kan endre dem til svarfristen går ut.",
        "Utkastet er lagret. Det er ikke sendt inn ennå.",
        "Skriv svar på minst ett spørsmål før dere sender inn.",
        "For mange forespørsler på kort tid. Vent litt og prøv igjen.",
    }
)

# The e-mails participants get: complete in every language, like the participant pages.
EMAIL_SOURCES = (
    "templates/emails/_details.txt",
    "templates/emails/invitation.txt",
    "templates/emails/placement.txt",
    "templates/emails/promoted.txt",
    "templates/emails/registered.txt",
    "templates/emails/round_invitation.txt",
    "templates/emails/round_reminder.txt",
    "templates/emails/substitute.txt",
    "templates/emails/survey_invitation.txt",
    "templates/emails/survey_reminder.txt",
    "followups/templates/emails/followup_digest.txt",
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
    return sorted(
        path
        for pattern in ("templates/**/*", "*/templates/**/*")
        for path in PACKAGE.glob(pattern)
        if path.suffix in {".html", ".txt"}
    )


def python_paths() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if not {"migrations", "locale", "__pycache__"} & set(path.relative_to(PACKAGE).parts)
    )


# The keywords makemessages gives xgettext for Python and for templates made into Python.
KEYWORDS = (
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
)


def _xgettext(cwd: str, names: list[str]) -> dict[Key, Entry]:
    result = subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", *KEYWORDS, "--output=-", *names],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_po(result.stdout)


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
        found = _xgettext(tmp, names)
    return {key: [ref.removesuffix(".py") for ref in entry.refs] for key, entry in found.items()}


def python_msgids() -> dict[Key, list[str]]:
    """Every translatable string in the Python code (forms, models, messages, validators)."""
    names = [str(path.relative_to(PACKAGE)) for path in python_paths()]
    return {key: entry.refs for key, entry in _xgettext(str(PACKAGE), names).items()}


def source_msgids() -> dict[Key, list[str]]:
    """Every translatable string in templates and Python, with the files using it."""
    found = python_msgids()
    for key, files in template_msgids().items():
        found[key] = sorted({*found.get(key, []), *files})
    return found


def is_participant(key: Key, files: list[str]) -> bool:
    return key[1] in PARTICIPANT_MSGIDS or any(ref in PARTICIPANT_SOURCES for ref in files)


def is_email(files: list[str]) -> bool:
    return any(ref in EMAIL_SOURCES for ref in files)


def completeness() -> list[tuple[str, int, int, int, int, int, int]]:
    """Per language: (code, translated, total, participant pages translated, their total,
    e-mails translated, their total)."""
    rows = []
    # Counted against the code as it is, not against a catalogue that may lag behind it.
    reference = source_msgids()
    participant = {key for key, files in reference.items() if is_participant(key, files)}
    emails = {key for key, files in reference.items() if is_email(files)}
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
                len(done & emails),
                len(emails),
            )
        )
    return rows
