"""Issue dates, endorsements and cards of the permit states (Art 13, 15), read by the rules."""

from __future__ import annotations

import datetime

from juzhu.rules import evaluate
from juzhu.rules.periods import add_months

from .plans import CardPlan, EndorsementPlan, Infeasible, PermitPlan

ONE_DAY = datetime.timedelta(days=1)


def d(value: int) -> datetime.timedelta:
    return datetime.timedelta(days=value)


class PermitStories:
    """Mixed into ``timeline.Stories`` (uses its ``rng``, ``today``, ``workday``)."""

    def _timely(self, issued: datetime.date, count: int) -> list[datetime.date]:
        """Endorsements in the window of each of the first ``count`` anniversaries."""
        dates = []
        for n in range(1, count + 1):
            anniversary = add_months(issued, 12 * n)
            dates.append(self.workday(add_months(anniversary, -1), min(anniversary, self.today)))
        return dates

    def _permit(self, state: str) -> PermitPlan:
        today, rng = self.today, self.rng
        if state == "card_replaced":
            state = "issued" if rng.random() < 0.6 else "endorsed"
            latest = today - d(30)
        else:
            latest = today - d(4)
        if state == "issued_awaiting_pickup":
            issued = self.workday(today - d(8), today)
            return PermitPlan(issued, [])
        if state == "issued":
            return PermitPlan(self.workday(today - d(330), latest), [])
        if state == "endorsement_window":
            earlier = 0 if rng.random() < 0.8 else 1
            base = add_months(today, -12 * (earlier + 1))
            issued = self.workday(base, base + d(27))
            return PermitPlan(issued, self._timely(issued, earlier))
        if state == "endorsed":
            count = 1 if rng.random() < 0.65 else 2
            base = add_months(today, -12 * count)
            issued = self.workday(base - d(330), base - ONE_DAY)
            return PermitPlan(issued, self._timely(issued, count))
        before = 0 if rng.random() < (0.7 if state == "suspended" else 0.75) else 1
        base = add_months(today, -12 * (before + 1))
        if state == "suspended":
            issued = self.workday(base - d(400), base - d(2))
            return PermitPlan(issued, self._timely(issued, before))
        # late_endorsed: the anniversary passed, then a late endorsement restored the permit.
        issued = self.workday(base - d(500), base - d(3))
        missed = add_months(issued, 12 * (before + 1))
        late = self.workday(max(missed + ONE_DAY, add_months(today, -12) + ONE_DAY), min(missed + d(180), today))
        return PermitPlan(issued, [*self._timely(issued, before), late])

    def _settle_permit(self, state: str, permit: PermitPlan, registered: datetime.date) -> None:
        """Status, anniversary and continuity as the rules read the history today; cards."""
        decision = evaluate(
            {
                "question": "endorsement_status",
                "issue_date": permit.issue_date,
                "registration_date": registered,
                "endorsements": permit.endorsement_dates,
                "as_of": self.today,
            },
            self.ctx,
        )
        fields, history = decision.fields, decision.facts.get("history", [])
        wanted = {
            "suspended": decision.outcome == "suspended",
            "endorsement_window": decision.outcome == "valid" and fields["in_window"],
            "late_endorsed": decision.outcome == "valid" and bool(history) and history[-1]["late"],
        }.get(state, decision.outcome == "valid" and not fields["in_window"])
        if not wanted or len(history) != len(permit.endorsement_dates):
            raise Infeasible
        permit.endorsements = [
            EndorsementPlan(h["date"], h["anniversary"], h["late"], h.get("suspended_from")) for h in history
        ]
        if decision.outcome == "valid":
            permit.next_anniversary = fields["next_anniversary"]
            permit.continuous_since = fields["continuous_since"]
        else:  # as the daily job leaves it: continuity unchanged, the missed anniversary kept
            permit.status = "suspended"
            permit.next_anniversary = fields["missed_anniversary"]
            permit.suspended_since = fields["suspended_since"]
            late = [h["date"] for h in history if h["late"]]
            permit.continuous_since = late[-1] if late else registered
        self._cards(state, permit)

    def _cards(self, state: str, permit: PermitPlan) -> None:
        today, rng = self.today, self.rng
        card = CardPlan(1, "original", permit.issue_date)
        permit.cards.append(card)
        if state == "issued_awaiting_pickup":
            return
        card.handed_out_on = self.workday(permit.issue_date, min(permit.issue_date + d(14), today))
        if state != "card_replaced":
            return
        while True:
            on = self.workday(card.handed_out_on + d(10), today)
            kind = "replacement" if rng.random() < 0.55 else "reissue"
            card.voided_on, card.old_card_returned = on, kind == "replacement"
            card.void_reason = "换领，原证已交回" if kind == "replacement" else "补领，原证丢失"
            card = CardPlan(card.version + 1, kind, on)
            permit.cards.append(card)
            if on + ONE_DAY > today or rng.random() < 0.2:
                return  # the new card waits to be collected
            card.handed_out_on = self.workday(on + ONE_DAY, min(on + d(10), today))
            if card.handed_out_on + d(10) > today or rng.random() < 0.85:
                return
