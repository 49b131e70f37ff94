"""Per-language versions of what the secretariat writes: titles, introductions, questions.

One mechanism for every model that holds such text (`Translatable`): the bokmål text stays in
its own column, which the reports, exports and search read, and `translations` holds the other
languages as ``{"en": {"title": "…"}, "ar": {…}}``. `localized(obj, "title")` gives the text in
the reader's language, or the bokmål text flagged as a fallback; rendered in a template, a
fallback carries ``lang="nb"`` (a screen reader reads it as Norwegian, hyphenation follows) and
a short «(på bokmål)» in the page's language. A database check keeps the keys to known
language codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Func
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "nb"
# every interface language but the source; computed once so a migration records the list
CONTENT_LANGUAGES: tuple[str, ...] = tuple(
    code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE
)


class KnownLanguageKeys(Func):
    """True when the JSON object in `field` has no key outside `languages`.

    Removing the known keys must leave ``{}``: a key that is no language code, or a value that is
    not an object at all, fails. SQLite has `json_remove`, PostgreSQL the jsonb `-` operator.
    """

    output_field = models.BooleanField()

    def __init__(self, field: str, languages: Sequence[str]):
        super().__init__(models.F(field))
        self.languages = tuple(languages)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        paths = [f'$."{code}"' for code in self.languages]
        holes = ", ".join(["%s"] * len(paths))
        return f"json_remove({sql}, {holes}) = '{{}}'", (*params, *paths)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        holes = ", ".join(["%s"] * len(self.languages))
        return f"({sql} - ARRAY[{holes}]::text[]) = '{{}}'::jsonb", (*params, *self.languages)


def translations_constraint(name: str) -> models.CheckConstraint:
    """The database check of a `Translatable` model: its translation keys are language codes."""
    return models.CheckConstraint(
        condition=KnownLanguageKeys("translations", CONTENT_LANGUAGES),
        name=f"{name}_translations_languages",
    )


class Translatable(models.Model):
    """A model whose `translatable` text fields may be given per language."""

    translatable: ClassVar[tuple[str, ...]] = ()
    translations = models.JSONField(
        _("oversettelser"),
        default=dict,
        blank=True,
        help_text=_("Teksten på andre språk; der et språk mangler, vises bokmålsteksten."),
    )

    class Meta:
        abstract = True

    @property
    def localized(self) -> LocalizedFields:
        """``{{ obj.localized.title }}`` in a template: the title in the page's language."""
        return LocalizedFields(self)


class Localized(str):
    """A text in the reader's language, or its bokmål original with `fallback` set.

    A `str` (the bare text, with `prefix` before it) so filters and `str()` see plain text;
    rendered in a template it marks itself when it is a fallback (`__html__`). `prefix` is
    interface text already in the reader's language («Parallellsesjon 2: »); `.lang_attrs`
    are the attributes for an element that holds the text alone (an `<option>`).
    """

    text: str
    fallback: bool
    prefix: str

    def __new__(cls, text: str = "", fallback: bool = False, prefix: str = "") -> Localized:
        obj = super().__new__(cls, prefix + text)
        obj.text, obj.fallback, obj.prefix = text, fallback, prefix
        return obj

    def __html__(self) -> SafeString:
        return self._marked(escape(self.text))

    @property
    def linebreaksbr(self) -> SafeString:
        """As `__html__`, with the text's line breaks kept as `<br>` (introductions)."""
        return self._marked(linebreaksbr(self.text, autoescape=True))

    def _marked(self, body: str) -> SafeString:
        if not self.fallback:
            return SafeString(escape(self.prefix) + body)
        return format_html(
            '{}<span lang="{}" dir="ltr">{}</span> <span class="content-fallback">({})</span>',
            self.prefix,
            SOURCE_LANGUAGE,
            SafeString(body),
            gettext("på bokmål"),
        )

    @property
    def marked_text(self) -> str:
        """Plain text with the fallback note, for where markup cannot go (an `<option>`)."""
        if not self.fallback:
            return str.__str__(self)
        return f"{str.__str__(self)} ({gettext('på bokmål')})"

    @property
    def lang_attrs(self) -> SafeString:
        if not self.fallback:
            return SafeString("")
        return format_html(' lang="{}" dir="ltr"', SOURCE_LANGUAGE)


class LocalizedFields(Mapping[str, Localized]):
    """A `Translatable`'s texts by field name, each in the active language."""

    def __init__(self, obj: Translatable):
        self._obj = obj

    def __getitem__(self, name: str) -> Localized:
        if name not in type(self._obj).translatable:
            raise KeyError(name)
        return localized(self._obj, name)

    def __iter__(self):
        return iter(type(self._obj).translatable)

    def __len__(self) -> int:
        return len(type(self._obj).translatable)


def reader_language(language: str | None = None) -> str:
    """The base language code of `language` or of the active language («en-gb» → «en»)."""
    return (language or get_language() or SOURCE_LANGUAGE).split("-")[0].lower()


def localized(obj: Translatable, name: str, *, language: str | None = None) -> Localized:
    """`obj`'s field `name` in `language` (default: the active one), else bokmål marked as such."""
    source = getattr(obj, name) or ""
    code = reader_language(language)
    if code == SOURCE_LANGUAGE:
        return Localized(source)
    text = ((obj.translations or {}).get(code) or {}).get(name) or ""
    if text:
        return Localized(text)
    return Localized(source, fallback=bool(source))


def translations_clean(model: type[Translatable], value: Mapping[str, Any] | None) -> dict:
    """`value` checked and tidied for `model.translations`: known languages and fields, texts
    stripped, empty ones dropped. Raises ValidationError naming what is wrong."""
    cleaned: dict[str, dict[str, str]] = {}
    for code, texts in (value or {}).items():
        if code not in CONTENT_LANGUAGES:
            raise ValidationError(
                _("Ukjent språkkode: %(code)s."), code="language", params={"code": code}
            )
        if not isinstance(texts, Mapping):
            raise ValidationError(_("Oversettelsene må være tekst per felt."), code="shape")
        for name, text in texts.items():
            if name not in model.translatable:
                raise ValidationError(
                    _("Feltet %(name)s kan ikke oversettes."), code="field", params={"name": name}
                )
            if not isinstance(text, str):
                raise ValidationError(_("Oversettelsene må være tekst per felt."), code="shape")
            limit = model._meta.get_field(name).max_length
            if limit and len(text.strip()) > limit:
                raise ValidationError(
                    _("Teksten er for lang (høyst %(limit)s tegn)."),
                    code="length",
                    params={"limit": limit},
                )
            if text.strip():
                cleaned.setdefault(code, {})[name] = text.strip()
    return cleaned


@dataclass(frozen=True)
class Part:
    """One object's translatable texts in a `TranslationsForm`: `key` names it in the result."""

    key: str
    model: type[Translatable]
    instance: Translatable | None = None
    label: str = ""  # put before each field's label when a form holds several objects


def _part_label(part: Part, field_label: str) -> str:
    if not part.label:
        return field_label
    if len(part.model.translatable) == 1:
        return part.label
    return f"{part.label}: {field_label}"


class TranslationsForm(forms.Form):
    """The staff form's «other languages»: per language, each part's translatable fields.

    Rendered by ``common/_translations.html`` as one collapsed section per language, inside the
    form it belongs to (its fields are prefixed, so they do not meet the main form's).
    """

    def __init__(self, data=None, *, parts: Sequence[Part], prefix: str = "tr", **kwargs):
        super().__init__(data, prefix=prefix, **kwargs)
        self.parts = list(parts)
        for code in CONTENT_LANGUAGES:
            attrs = {"lang": code, "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr"}
            for part in self.parts:
                stored = ((part.instance.translations if part.instance else None) or {}).get(
                    code
                ) or {}
                for name in part.model.translatable:
                    source = part.model._meta.get_field(name)
                    widget: forms.Widget = (
                        forms.Textarea(attrs={**attrs, "rows": 3})
                        if isinstance(source, models.TextField)
                        else forms.TextInput(attrs=attrs)
                    )
                    label = str(source.verbose_name).capitalize()
                    self.fields[self._name(code, part.key, name)] = forms.CharField(
                        label=_part_label(part, label),
                        required=False,
                        max_length=getattr(source, "max_length", None),
                        initial=stored.get(name, ""),
                        widget=widget,
                        strip=True,
                    )

    @staticmethod
    def _name(code: str, key: str, field: str) -> str:
        return f"{code}-{key}-{field}"

    def languages(self) -> list[tuple[str, str, bool, list[forms.BoundField]]]:
        """(code, name in itself, has text or errors, bound fields) per language."""
        out = []
        for code in CONTENT_LANGUAGES:
            bound = [
                self[self._name(code, part.key, name)]
                for part in self.parts
                for name in part.model.translatable
            ]
            filled = any(b.value() or b.errors for b in bound)
            out.append((code, dict(settings.LANGUAGES)[code], filled, bound))
        return out

    def translations(self, key: str) -> dict[str, dict[str, str]]:
        """The cleaned translations of the part `key`, ready for its service."""
        part = next(p for p in self.parts if p.key == key)
        raw = {
            code: {
                name: self.cleaned_data.get(self._name(code, key, name), "")
                for name in part.model.translatable
            }
            for code in CONTENT_LANGUAGES
        }
        return translations_clean(part.model, raw)
