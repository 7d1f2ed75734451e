"""WTForms widgets that render the NHS.UK design system macros.

Each widget maps its field to the macro's params (label, hint from the field's
`description`, the first error) and merges per-page overrides passed as
`form.field(params={...})`. Pages never hand-build macro params.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import Field, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3; types-wtforms is 3.2

from patient_app.forms.render import deep_merge, plain, render_macro

if TYPE_CHECKING:
    from patient_app.forms.fields import DateField

FieldT = TypeVar("FieldT", bound=Field)


def _error(field: Field) -> dict[str, str] | None:
    return {"text": str(field.errors[0])} if field.errors else None


def _shown_value(field: Field) -> Any:
    """The value an input shows: what was typed (the field's `_value()`, which WTForms' stubs leave out)."""
    return field._value() if hasattr(field, "_value") else field.data


def declared_choices(field: SelectField) -> list[SelectChoice]:
    """A choice field's options as they were set: every form here sets a list of `SelectChoice`.

    WTForms 3.3 keeps `choices` as assigned; types-wtforms (3.2) still types it as the tuples or
    dict that WTForms 3.2 took, or None.
    """
    return cast("list[SelectChoice]", field.choices)


def _hint(field: Field) -> dict[str, Any] | None:
    if not field.description:
        return None
    if isinstance(field.description, Markup):
        return {"html": field.description}
    return {"text": str(field.description)}


class NhsWidget(Generic[FieldT]):
    """Renders one kind of field (`FieldT`) with an NHS.UK macro."""

    component = ""
    macro = ""

    def params(self, field: FieldT) -> dict[str, Any]:
        raise NotImplementedError

    def __call__(self, field: FieldT, **kwargs: Any) -> Markup:
        params = self.params(field)
        params = deep_merge(params, plain(kwargs.get("params", {})))
        return render_macro(self.component, self.macro, {k: v for k, v in params.items() if v is not None})


class LabelledWidget(NhsWidget[FieldT]):
    def base(self, field: Field) -> dict[str, Any]:
        return {
            "id": field.id,
            "name": field.name,
            "label": {"text": str(field.label.text)},
            "hint": _hint(field),
            "errorMessage": _error(field),
        }


class TextInput(LabelledWidget[Field]):
    component, macro = "input", "input"

    def __init__(self, input_type: str = "text", **defaults: Any) -> None:
        self.input_type = input_type
        self.defaults = defaults

    def params(self, field: Field) -> dict[str, Any]:
        params = self.base(field) | {"type": self.input_type, "value": _shown_value(field) or None}
        return deep_merge(params, self.defaults)


class PasswordInput(TextInput):
    def __init__(self, **defaults: Any) -> None:
        super().__init__("password", **defaults)

    def params(self, field: Field) -> dict[str, Any]:
        params = super().params(field)
        params.pop("value", None)  # never echo a password back
        return params


class Textarea(LabelledWidget[Field]):
    component, macro = "textarea", "textarea"

    def params(self, field: Field) -> dict[str, Any]:
        return self.base(field) | {"value": _shown_value(field) or None, "rows": 5}


class CharacterCount(LabelledWidget[Field]):
    component, macro = "character-count", "characterCount"

    def __init__(self, maxlength: int) -> None:
        self.maxlength = maxlength

    def params(self, field: Field) -> dict[str, Any]:
        return self.base(field) | {"value": _shown_value(field) or None, "maxlength": self.maxlength, "rows": 5}


class ChoiceWidget(NhsWidget[SelectField]):
    def items(self, field: SelectField) -> list[dict[str, Any]]:
        selected = field.data if isinstance(field.data, list) else [field.data]
        hints = getattr(field, "choice_hints", {}) or {}
        items: list[dict[str, Any]] = []
        for value, label, *_rest in declared_choices(field):
            if value == "__divider__":
                items.append({"divider": str(label)})
                continue
            item: dict[str, Any] = {"value": value, "text": str(label), "checked": value in selected}
            if value in hints:
                item["hint"] = {"text": str(hints[value])}
            items.append(item)
        return items

    def params(self, field: SelectField) -> dict[str, Any]:
        return {
            "idPrefix": field.id,
            "name": field.name,
            "fieldset": {"legend": {"text": str(field.label.text), "classes": "nhsuk-fieldset__legend--m"}},
            "hint": _hint(field),
            "errorMessage": _error(field),
            "items": self.items(field),
        }


class Radios(ChoiceWidget):
    component, macro = "radios", "radios"


class Checkboxes(ChoiceWidget):
    component, macro = "checkboxes", "checkboxes"


DATE_PARTS = (("day", _l("Day"), 2), ("month", _l("Month"), 2), ("year", _l("Year"), 4))


class DateInput(NhsWidget["DateField"]):
    component, macro = "date-input", "dateInput"

    def params(self, field: DateField) -> dict[str, Any]:
        parts = field.raw_parts
        bad = set(getattr(field, "error_parts", ()))
        items = [
            {
                "name": part,
                "label": str(label),
                "value": parts.get(part) or None,
                "width": width,
                "error": part in bad,
                "autocomplete": f"{field.autocomplete}-{part}" if field.autocomplete else None,
            }
            for part, label, width in DATE_PARTS
        ]
        return {
            "id": field.id,
            "namePrefix": field.name,
            "fieldset": {"legend": {"text": str(field.label.text), "classes": "nhsuk-fieldset__legend--m"}},
            "hint": _hint(field),
            "errorMessage": _error(field),
            "items": items,
        }


class Select(LabelledWidget[SelectField]):
    component, macro = "select", "select"

    def params(self, field: SelectField) -> dict[str, Any]:
        items = [
            {"value": value, "text": str(label), "selected": value == field.data}
            for value, label, *_rest in declared_choices(field)
        ]
        return self.base(field) | {"items": items}


class CheckboxSingle(NhsWidget[Field]):
    """One checkbox on its own, for a yes/no agreement ("I have read the privacy notice")."""

    component, macro = "checkboxes", "checkboxes"

    def params(self, field: Field) -> dict[str, Any]:
        return {
            "idPrefix": field.id,
            "name": field.name,
            "errorMessage": _error(field),
            "hint": _hint(field),
            "items": [{"value": "y", "text": str(field.label.text), "checked": bool(field.data)}],
        }
