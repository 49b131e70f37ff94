from html.parser import HTMLParser

from innspill.documents.render import (
    BulletList,
    Paragraph,
    ReportDocument,
    Section,
    Span,
    Table,
    bullets,
    paragraph,
    render_html,
    report_fragment,
)
from tests.documents.test_render_support import small_conference

VOID = {"meta", "link", "img", "br", "hr", "input", "source", "path", "rect", "circle"}


class _Collector(HTMLParser):
    """Records every tag with its attributes, text per tag, and checks nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)

    def handle_data(self, data):
        if self.stack and data.strip():
            self.text.append((self.stack[-1], data))


def _parse(html: bytes) -> _Collector:
    collector = _Collector()
    collector.feed(html.decode())
    collector.close()
    return collector


def test_html_page_is_well_nested_with_language_and_title():
    _, doc = small_conference()
    page = _parse(render_html(doc, stylesheet_href="/static/report.css"))
    assert page.errors == []
    assert page.stack == []
    assert ("html", {"lang": "nb"}) in page.tags
    assert ("title", doc.title) in page.text
    assert ("link", {"rel": "stylesheet", "href": "/static/report.css"}) in page.tags


def test_html_has_no_inline_styles_scripts_or_event_handlers():
    _, doc = small_conference()
    page = _parse(render_html(doc))
    names = {tag for tag, _ in page.tags}
    assert "script" not in names
    assert "style" not in names
    for _tag, attrs in page.tags:
        assert "style" not in attrs
        assert not [name for name in attrs if name.startswith("on")]


def test_html_headings_follow_section_levels_below_the_title():
    _, doc = small_conference()
    page = _parse(render_html(doc, toc=False))
    headings = [(tag, text) for tag, text in page.text if tag in {"h1", "h2", "h3", "h4", "h5"}]
    expected = [("h1", doc.title)]
    for section in doc.sections:
        expected.append((f"h{section.level + 1}", section.heading))
        # a titled list (a group of inputs) gets a heading one level below its section
        expected.extend(
            (f"h{section.level + 2}", block.heading)
            for block in section.blocks
            if isinstance(block, BulletList) and block.heading
        )
    assert headings == expected


def test_html_escapes_input_text_instead_of_running_it():
    doc = ReportDocument(
        title="<b>Rapport</b>",
        sections=[
            Section(heading="Innspill", blocks=[bullets(['<script>alert("x")</script> & mer'])])
        ],
    )
    html = render_html(doc).decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; mer" in html
    assert "<title>&lt;b&gt;Rapport&lt;/b&gt;</title>" in html


def test_html_rich_text_is_structural_and_unsafe_links_are_dropped():
    doc = ReportDocument(
        title="R",
        sections=[
            Section(
                heading="Om",
                blocks=[paragraph("**Viktig**: [les](https://imdi.no) [ikke](javascript:x)")],
            )
        ],
    )
    fragment = report_fragment(doc, toc=False)
    assert '<p><strong>Viktig</strong>: <a href="https://imdi.no">les</a> ikke</p>' in fragment


def test_html_tables_have_caption_and_scoped_header_cells():
    doc = ReportDocument(
        title="R",
        sections=[
            Section(
                heading="Utvalg",
                blocks=[
                    Table(caption="Svar", header=["Aktør", "Svarte"], rows=[["Kommuner", "8"]])
                ],
            )
        ],
    )
    page = _parse(render_html(doc))
    cells = [(tag, attrs.get("scope")) for tag, attrs in page.tags if tag in {"th", "td"}]
    assert cells == [("th", "col"), ("th", "col"), ("th", "row"), ("td", None)]
    assert ("caption", "Svar") in page.text


def test_html_charts_are_figures_with_caption_and_text_alternative():
    _, doc = small_conference()
    page = _parse(render_html(doc))
    charts = doc.charts()
    figures = [attrs for tag, attrs in page.tags if tag == "figure"]
    assert [f["class"] for f in figures].count("chart-figure") == len(charts)
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert [s["role"] for s in svgs] == ["img"] * len(charts)
    captions = [text for tag, text in page.text if tag == "figcaption"]
    descs = [text for tag, text in page.text if tag == "desc"]
    assert [c.title for c in charts] == [c for c in captions if c in {c.title for c in charts}]
    assert descs == [c.alt_text for c in charts]


def test_html_contains_every_session_input_as_a_list_item():
    data, doc = small_conference()
    page = _parse(render_html(doc))
    items = [text for tag, text in page.text if tag == "li"]
    for session in data.sessions:
        for item in session.inputs:
            assert item.text in items


def test_html_plain_paragraph_keeps_literal_asterisks():
    doc = ReportDocument(
        title="R", sections=[Section(heading="A", blocks=[Paragraph.plain("*a*")])]
    )
    assert "<p>*a*</p>" in report_fragment(doc)


def test_html_drops_unsafe_links_that_reach_the_renderer_directly():
    spans = [
        Span(text="klikk", href="javascript:alert(1)"),
        Span(text=" her", href=" https://x.no"),
    ]
    doc = ReportDocument(
        title="R", sections=[Section(heading="A", blocks=[Paragraph(spans=spans)])]
    )
    assert '<p>klikk<a href=" https://x.no"> her</a></p>' in report_fragment(doc)
