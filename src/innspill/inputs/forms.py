from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

ACCEPTED = {".pdf", ".docx", ".txt", ".md"}
MAX_UPLOAD_MB = 50


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Rapportfil"),
        help_text=_("PDF (også skannet), Word (.docx), tekst eller Markdown. Maks %(mb)s MB.")
        % {"mb": MAX_UPLOAD_MB},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ACCEPTED:
            raise forms.ValidationError(
                _("Filtypen %(suffix)s støttes ikke. Bruk PDF, DOCX, TXT eller MD.")
                % {"suffix": suffix or "?"}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Filen er tom."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("Filen er større enn %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
        return upload
