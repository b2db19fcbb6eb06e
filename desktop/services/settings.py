"""Site settings, declared once with their type, default and French title."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Setting
from desktop.services import audit
from desktop.services.errors import ValidationError, ValidationErrors
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import VISIT_REASON_LABELS, AuditAction, AuditEntity, VisitReason

SettingValue = int | str


@dataclass(frozen=True)
class SettingSpec:
    key: str
    title: str
    default: SettingValue
    minimum: int | None = None
    maximum: int | None = None
    # Allowed values and their French labels, for a setting chosen from a list.
    choices: tuple[tuple[str, str], ...] = ()
    # False: not on Paramètres › Réglages (changed from the screen it belongs to, or not yet).
    on_form: bool = True


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("idle_lock_minutes", "Verrouillage après inactivité (minutes)", 5, 1, 240),
        SettingSpec("login_max_failures", "Échecs de connexion avant blocage", 5, 3, 20),
        SettingSpec("login_lock_seconds", "Durée du blocage après échecs (secondes)", 60, 10, 3600),
        SettingSpec(
            "receipt_format",
            "Format des reçus",
            "a5",
            choices=(("a5", "A5 (demi-feuille A4)"), ("80mm", "Rouleau de 80 mm")),
        ),
        SettingSpec(
            "membership_validity_months", "Durée de validité de l'adhésion (mois)", 12, 1, 36
        ),
        # Most people the desk logs by name come for a workshop or a session (the programme
        # is what brings members back), so « activité » spares a keystroke most often; the
        # receptionist changes it when someone comes for information or support.
        SettingSpec(
            "visit_default_reason",
            "Motif de passage proposé par défaut",
            VisitReason.ACTIVITY.value,
            choices=tuple((reason.value, VISIT_REASON_LABELS[reason]) for reason in VisitReason),
            on_form=False,  # the Réglages form is full on a 768-pixel screen: not editable yet
        ),
    )
}


@reads
def get_setting(session: Session, key: str) -> SettingValue:
    spec = SPECS[key]
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return spec.default if value is None else _stored(value)


@reads
def all_settings(session: Session) -> dict[str, SettingValue]:
    rows = session.execute(select(Setting.key, Setting.value))
    stored = {key: _stored(value) for key, value in rows}
    return {key: stored.get(key, spec.default) for key, spec in SPECS.items()}


def _stored(value: object) -> SettingValue:
    return value if isinstance(value, int | str) else str(value)


def set_setting(session: Session, actor: Actor, key: str, value: object) -> None:
    """Validate and store one setting (admin only)."""
    require(actor, Capability.ADMINISTRATION)
    spec = SPECS.get(key)
    if spec is None:
        raise ValidationError(f"Réglage inconnu : « {key} ».")
    value = _validated(spec, value)
    row = session.scalar(select(Setting).where(Setting.key == key))
    old = spec.default if row is None else row.value
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value
    if old != value:  # settings hold no secret: the values are worth auditing
        change = f"{old} → {value}"
        audit.record(
            session, actor, AuditAction.SETTING_CHANGED, AuditEntity.SETTING, key, detail=change
        )


def set_settings(session: Session, actor: Actor, values: Mapping[str, object]) -> None:
    """Store several settings in one unit of work, or none: every refused value is named
    (ValidationErrors, one ValidationError per key at fault)."""
    require(actor, Capability.ADMINISTRATION)
    refused: list[ValidationError] = []
    for key, value in values.items():
        spec = SPECS.get(key)
        try:
            if spec is None:
                raise ValidationError(f"Réglage inconnu : « {key} ».")
            _validated(spec, value)
        except ValidationError as error:
            refused.append(ValidationError(error.message, error.field or key))
    if refused:
        raise ValidationErrors(refused)
    for key, value in values.items():
        set_setting(session, actor, key, value)


def _validated(spec: SettingSpec, value: object) -> SettingValue:
    if isinstance(spec.default, int):
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError(f"« {spec.title} » : un nombre entier est attendu.") from None
        if spec.minimum is not None and number < spec.minimum:
            raise ValidationError(f"« {spec.title} » : au minimum {spec.minimum}.")
        if spec.maximum is not None and number > spec.maximum:
            raise ValidationError(f"« {spec.title} » : au maximum {spec.maximum}.")
        return number
    allowed = [choice for choice, _label in spec.choices]
    if allowed and value not in allowed:
        labels = " ou ".join(f"« {label} »" for _choice, label in spec.choices)
        raise ValidationError(f"« {spec.title} » : {labels}.")
    return str(value)
