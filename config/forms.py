from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Every form on the site, ours and allauth's, renders its fields through templates/forms/."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
