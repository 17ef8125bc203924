"""Where a resident's permit stands for endorsement today (Art 13, R-11, R-11a, R-11b), in the
rules' words, and the seam for an endorsement corroborated by a landlord's or employer's report.

Nothing here computes a date: the rules replay the permit's endorsement history
(``endorsement_decision``, ``juzhu/rules/determinations/endorsement.py``) and this module only
names the case the resident is in, for the portal page and for ``submit_endorsement``:

- ``open``: inside the window of the next anniversary (ending on the next working day when the
  anniversary is a rest day, R-11a): she may endorse online;
- ``late``: the window ended unendorsed, the permit's functions are suspended since the day
  after it; a late endorsement restores them and continuous residence restarts from it (Art 13
  para 3): she may endorse online;
- ``first_year``: no endorsement yet and the first window not open (R-11b): nothing due;
- ``endorsed``: endorsed for this year; the next window not open yet;
- ``waiting``: the window has ended, but she asked inside it and the station has not confirmed or
  returned it yet: not suspended meanwhile (I-16);
- ``void``: nothing to endorse;
- ``invalid``: the history the rules cannot read (never written by the actions).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from juzhu.registry.actions.issuing import endorsement_decision
from juzhu.registry.models import Permit

CAN_SUBMIT = ("open", "late")


@dataclass(frozen=True)
class Standing:
    kind: str
    anniversary: datetime.date | None = None  # the next anniversary, or the missed one (late)
    window_start: datetime.date | None = None
    window_end: datetime.date | None = None
    suspended_since: datetime.date | None = None
    last_endorsed: datetime.date | None = None
    reasons: tuple[str, ...] = ()

    @property
    def can_submit(self) -> bool:
        return self.kind in CAN_SUBMIT

    @property
    def refusal(self) -> str:
        """Why she cannot endorse online today, in Chinese (empty when she can)."""
        if self.kind == "void":
            return "该居住证已作废，无需签注"
        if self.kind == "first_year":
            return (
                f"居住证签发未满1年，暂不需要签注（第十三条）；首次签注期为 {self.window_start:%Y-%m-%d} 至 "
                f"{self.window_end:%Y-%m-%d}，届时可在网上申请"
            )
        if self.kind == "endorsed":
            return (
                f"该居住证本年度已签注（{self.last_endorsed:%Y-%m-%d}），下次签注期为 {self.window_start:%Y-%m-%d} 至 "
                f"{self.window_end:%Y-%m-%d}，签注期外不能签注（第十三条第二款）"
            )
        if self.kind == "waiting":
            return "您已在签注期内申请签注，正等待派出所确认，请勿重复提交"
        if self.kind == "invalid":
            return "该居住证的签注记录需到派出所核对后办理：" + "；".join(self.reasons)
        return ""


def standing(permit: Permit, on: datetime.date) -> Standing:
    """The rules' reading of the permit's endorsements as of ``on``."""
    if permit.status == Permit.Status.VOID:
        return Standing("void")
    history = list(permit.endorsements.order_by("date").values_list("date", flat=True))
    last = history[-1] if history else None
    decision = endorsement_decision(permit, history, on)
    fields, reasons = decision.fields, tuple(decision.reasons)
    if decision.outcome == "suspended":
        return Standing(
            "late",
            anniversary=fields["missed_anniversary"],
            window_end=fields["window_end"],
            suspended_since=fields["suspended_since"],
            last_endorsed=last,
            reasons=reasons,
        )
    if decision.outcome != "valid":
        return Standing("invalid", last_endorsed=last, reasons=reasons)
    if fields.get("requested_on"):  # asked inside the window, not handled yet (I-16)
        kind = "waiting"
    else:
        kind = "open" if fields["in_window"] else ("endorsed" if history else "first_year")
    return Standing(
        kind,
        anniversary=fields["next_anniversary"],
        window_start=fields["window_start"],
        window_end=fields["window_end"],
        last_endorsed=last,
        reasons=reasons,
    )


def corroborating_report(permit: Permit, on: datetime.date) -> str | None:
    """A landlord's or employer's current report that the holder still lives at the registered
    address (Art 17, 18; R-15, R-16), which would let an online endorsement be confirmed without
    the station. juzhu has no such reports yet, so the answer is always None ("no
    corroboration") and every online endorsement waits for the station's clerk. When those
    reports exist, this returns the report's reference and ``submit_endorsement`` can confirm
    at once; until then nothing pretends to.
    """
    return None
