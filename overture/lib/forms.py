"""How every form field is drawn: label, then help and errors tied to the
input with aria-describedby; checkboxes put the box before their label."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
