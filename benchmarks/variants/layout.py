"""How a generated report is laid out: choices drawn from a seed, and the report as elements.

Each choice is a habit seen in the family or in reports like it: how sessions are headed and
numbered, where and how the leader is named, which bullet marks the inputs, whether inputs
sit under group headings, where the recommendations stand, link lists, pull quotes, page
furniture, two columns, a cover page and a contents list. The writers (`writers.py`) turn
the same elements into text, DOCX, PDF and scans.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from benchmarks.variants.content import SessionTruth, Truth

SESSION_STYLES = (
    "parallellsesjon_colon",  # «Parallellsesjon 3: Tittel»
    "parallellsesjon_space",  # «Parallellsesjon 3 Tittel»
    "sesjon_colon",  # «Sesjon 3: Tittel»
    "numbered",  # «3. Tittel» under «Parallelle sesjoner»
    "gruppe_letter",  # «Gruppe C: Tittel»
    "workshop_dash",  # «Workshop 3 – Tittel»
    "split",  # «Parallellsesjon 3» and the title on the next line
    "tema",  # «Tema 3: Tittel»
)
LEADER_PLACES = ("heading", "line_after", "line_before_title", "intro_sentence")
LEADER_FORMS = ("ledet_av", "ved", "sesjonsleder", "name_comma_office")
BULLETS = ("•", "-", "–", "e", "*", "numbered", "list")
GROUPINGS = ("headings", "headings_colon", "inputs_heading", "flat")
TIPS_HEADINGS = (
    "Oppfordringer og tips",
    "Oppfordringer og tips fra deltakerne",
    "Råd og tips fra konferansen",
    "Anbefalinger fra deltakerne",
)
FURNITURE = ("none", "number", "side_av", "header_number")


@dataclass(frozen=True)
class Layout:
    """One combination of layout habits; `describe()` names it in the benchmark's tables."""

    session_style: str
    leader_place: str
    leader_form: str
    with_office: bool
    leader_two_lines: bool
    bullet: str
    grouping: str
    tips_heading: str
    links: str  # none, name_url_lines, name_colon_url, bullets
    pull_quotes: bool
    furniture: str
    two_columns: bool
    cover: bool
    contents: bool
    upper_headings: bool
    wrap: int  # text format: characters per line, 0 for one line per paragraph
    hyphenate: bool  # text format: split long words at line ends
    docx_headings: str  # styles (Heading 1–3) or bold (bold Normal paragraphs)

    def describe(self) -> str:
        parts = [
            self.session_style,
            f"leader:{self.leader_place}/{self.leader_form}"
            + ("+office" if self.with_office else "")
            + ("/2 lines" if self.leader_two_lines else ""),
            f"bullet:{self.bullet}",
            self.grouping,
        ]
        if self.links != "none":
            parts.append(f"links:{self.links}")
        if self.pull_quotes:
            parts.append("quotes")
        if self.furniture != "none":
            parts.append(self.furniture)
        if self.two_columns:
            parts.append("2 columns")
        if self.cover:
            parts.append("cover")
        if self.contents:
            parts.append("contents")
        if self.wrap:
            parts.append(f"wrap {self.wrap}" + ("+hyphens" if self.hyphenate else ""))
        return ", ".join(parts)


def choose_layout(seed: int) -> Layout:
    """The layout of variant `seed` (independent of its content's random stream)."""
    rng = random.Random(f"layout-{seed}")
    session_style = rng.choice(SESSION_STYLES)
    leader_place = rng.choice(LEADER_PLACES)
    if leader_place == "line_before_title" and session_style != "split":
        leader_place = "line_after"
    two_columns = rng.random() < 0.3
    wrap = rng.choice((0, 0, 70, 80, 95))
    if two_columns and wrap:
        wrap = rng.choice((52, 58))
    return Layout(
        session_style=session_style,
        leader_place=leader_place,
        leader_form=rng.choice(LEADER_FORMS),
        with_office=rng.random() < 0.75,
        leader_two_lines=rng.random() < 0.4 and leader_place in ("line_after", "line_before_title"),
        bullet=rng.choice(BULLETS),
        grouping=rng.choice(GROUPINGS),
        tips_heading=rng.choice(TIPS_HEADINGS),
        links=rng.choice(("none", "name_url_lines", "name_colon_url", "bullets")),
        pull_quotes=rng.random() < 0.5,
        furniture=rng.choice(FURNITURE),
        two_columns=two_columns,
        cover=rng.random() < 0.6,
        contents=rng.random() < 0.4,
        upper_headings=rng.random() < 0.25,
        wrap=wrap,
        hyphenate=rng.random() < 0.6,
        docx_headings=rng.choice(("styles", "bold")),
    )


@dataclass
class Element:
    """One piece of the laid-out report.

    kind: cover (title lines), h1, h2, h3, p, li (a list item; `marker` is «•», «-», «1.» …,
    or «list»/«ol» for a real list), quote (a pull quote), link, break (new page).
    `lines`, when given, are the element's own line breaks (a leader on two lines).
    """

    kind: str
    text: str = ""
    marker: str = ""
    lines: list[str] = field(default_factory=list)


def _letter(number: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[number - 1]


def _session_heading(style: str, session: SessionTruth) -> list[str]:
    n, title = session.number, session.title
    return {
        "parallellsesjon_colon": [f"Parallellsesjon {n}: {title}"],
        "parallellsesjon_space": [f"Parallellsesjon {n} {title}"],
        "sesjon_colon": [f"Sesjon {n}: {title}"],
        "numbered": [f"{n}. {title}"],
        "gruppe_letter": [f"Gruppe {_letter(n)}: {title}"],
        "workshop_dash": [f"Workshop {n} – {title}"],
        "split": [f"Parallellsesjon {n}", title],
        "tema": [f"Tema {n}: {title}"],
    }[style]


def leader_text(layout: Layout, session: SessionTruth) -> str:
    """The words that name a session's leader, in the layout's form."""
    name, office = session.leader, session.office
    form = layout.leader_form
    if not layout.with_office:
        return {
            "ledet_av": f"Ledet av {name}",
            "ved": f"Ved {name}",
            "sesjonsleder": f"Sesjonsleder: {name}",
            "name_comma_office": f"Sesjonsleder: {name}",
        }[form]
    return {
        "ledet_av": f"Ledet av {office} {name}",
        "ved": f"Ved {office} {name}",
        "sesjonsleder": f"Sesjonsleder: {name}, {office}",
        "name_comma_office": f"{name}, {office}",
    }[form]


def _two_lines(text: str) -> list[str]:
    """Break a leader line in two, inside a hyphenated office where there is one."""
    words = text.split()
    for index, word in enumerate(words[:-1]):
        if word.endswith("-"):  # «kunnskaps-» / «og integreringsminister …»
            return [" ".join(words[: index + 1]), " ".join(words[index + 1 :])]
    for index, word in enumerate(words):
        if len(word) >= 14 and word.islower():  # «integrerings-» / «minister …»
            cut = len(word) - 8
            head = " ".join([*words[:index], word[:cut] + "-"])
            return [head, " ".join([word[cut:], *words[index + 1 :]])]
    half = max(1, len(words) // 2)
    return [" ".join(words[:half]), " ".join(words[half:])]


def build(truth: Truth, layout: Layout) -> list[Element]:
    """The report's elements in reading order."""
    rng = random.Random(f"build-{truth.seed}")
    out: list[Element] = []
    if layout.cover:
        out.append(Element("cover", lines=_cover_lines(truth, rng)))
        out.append(Element("break"))
    else:
        out.append(Element("h1", truth.title))
    if layout.contents:
        out.append(Element("h2", "Innhold"))
        page = 3
        for entry in ["Innledning", layout.tips_heading, *(t[0] for t in truth.talks)]:
            out.append(Element("p", f"{entry} {'.' * 8} {page}"))
            page += 1
        out.append(Element("p", f"Parallelle sesjoner {'.' * 8} {page}"))
        out.append(Element("p", f"Evaluering {'.' * 8} {page + len(truth.sessions)}"))
        out.append(Element("break"))

    out.append(Element("h2", "Innledning"))
    out.append(Element("p", _venue_sentence(truth, rng)))
    out.append(
        Element(
            "p",
            f"Konferansen er arrangert hvert år siden {truth.first_year}. "
            f"I {truth.year - 1} var temaet arbeid og kvalifisering, og i {truth.first_year + 1} "
            "sto frivillig sektor i sentrum.",
        )
    )
    out += [Element("p", text) for text in truth.intro]

    out.append(Element("h2", layout.tips_heading))
    for group in truth.tips:
        if group.heading:
            out.append(Element("h3", group.heading))
        out += _items(layout, group.inputs)

    for title, speaker, paragraphs in truth.talks:
        out.append(Element("h2", title))
        out.append(Element("p", speaker))
        for index, paragraph in enumerate(paragraphs):
            out.append(Element("p", paragraph))
            if layout.pull_quotes and index == 0:
                first = paragraph.split(". ")[0].rstrip(".")
                out.append(Element("quote", first))

    out.append(Element("h2", rng.choice(("Parallelle sesjoner", "Parallellsesjonene"))))
    out.append(
        Element(
            "p",
            f"Konferansen hadde {len(truth.sessions)} parallelle sesjoner. Hver sesjon ble "
            "ledet av en statsråd eller statssekretær.",
        )
    )
    for session in truth.sessions:
        out += _session(layout, session, rng)

    if truth.summaries:
        out.append(Element("h2", "Oppsummering fra sesjonene"))
        # the family heads these as sessions too («Tema 1 Arbeids- og sosialminister …»)
        summary_style = rng.choice(("Sesjon {n} – {named}", "{named}", "Oppsummering ved {named}"))
        for number, paragraphs in truth.summaries:
            session = truth.sessions[number - 1]
            named = f"{session.office} {session.leader}".strip()
            out.append(
                Element(
                    "h3",
                    summary_style.format(n=number, named=named[:1].upper() + named[1:]),
                )
            )
            out += [Element("p", text) for text in paragraphs]

    out.append(Element("h2", rng.choice(("Evaluering", "Evaluering av konferansen"))))
    out.append(Element("p", "Deltakerne fikk et elektronisk spørreskjema etter konferansen."))
    out.append(Element("p", " ".join(truth.evaluation)))
    return out


def _cover_lines(truth: Truth, rng: random.Random) -> list[str]:
    lines = [truth.title]
    if rng.random() < 0.5 and not truth.title.startswith("Rapport"):
        lines.append("Rapport")
    lines.append(truth.date)
    return lines


def _venue_sentence(truth: Truth, rng: random.Random) -> str:
    day_month = truth.date.rsplit(" ", 1)[0]
    return rng.choice(
        (
            f"{truth.name} {truth.year} ble arrangert på {truth.venue} {day_month} "
            f"med {truth.participants} deltakere fra hele landet.",
            f"Konferansen ble holdt {truth.date} på {truth.venue} og samlet "
            f"{truth.participants} deltakere.",
            f"Den {day_month} samlet konferansen {truth.participants} deltakere på {truth.venue}.",
        )
    )


def _items(layout: Layout, texts: list[str]) -> list[Element]:
    items = []
    for index, text in enumerate(texts, 1):
        marker = f"{index}." if layout.bullet == "numbered" else layout.bullet
        items.append(Element("li", text, marker=marker))
    return items


def _session(layout: Layout, session: SessionTruth, rng: random.Random) -> list[Element]:
    out: list[Element] = []
    heading = _session_heading(layout.session_style, session)
    leader = leader_text(layout, session)
    leader_lines = _two_lines(leader) if layout.leader_two_lines else []
    if layout.leader_place == "heading":
        # in a heading the leader follows the title as «… Ved X» or «… – Name, office»
        if layout.leader_form in ("ledet_av", "ved"):
            heading[-1] = f"{heading[-1]} {leader}"
        else:
            named = f"{session.leader}, {session.office}" if layout.with_office else session.leader
            heading[-1] = f"{heading[-1]} – {named}"
        leader = ""
    out.append(Element("h3", heading[0]))
    if layout.leader_place == "line_before_title" and leader:
        out.append(Element("p", leader, lines=leader_lines))
        leader = ""
    if len(heading) > 1:
        out.append(Element("h3", heading[1]))
    if layout.leader_place == "line_after" and leader:
        out.append(Element("p", leader, lines=leader_lines))
        leader = ""
    intro = session.intro
    if leader:  # intro_sentence
        if layout.with_office:
            named = f"{session.office[:1].upper()}{session.office[1:]} {session.leader}"
        else:
            named = session.leader
        intro = f"{named} ledet sesjonen og innledet om temaet. {intro}"
    out.append(Element("p", intro))
    if layout.grouping == "inputs_heading":
        out.append(Element("h3", "Innspill fra deltakerne"))
    for group in session.groups:
        if layout.grouping in ("headings", "headings_colon") and group.heading:
            colon = (
                ":"
                if layout.grouping == "headings_colon" and not group.heading.endswith("?")
                else ""
            )
            out.append(Element("h3", group.heading + colon))
        out += _items(layout, group.inputs)
    if session.links and layout.links != "none":
        out.append(Element("p", rng.choice(("Nyttige lenker:", "Lenker fra sesjonen:"))))
        for name, url in session.links:
            if layout.links == "name_url_lines":
                out.append(Element("link", name, lines=[name, url]))
            elif layout.links == "name_colon_url":
                out.append(Element("link", f"{name}: {url}"))
            else:
                marker = "•" if layout.bullet in ("numbered", "e") else layout.bullet
                out.append(Element("li", f"{name} – {url}", marker=marker))
    return out
