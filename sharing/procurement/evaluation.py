"""Price preference evaluation (issue 15 part 5), free of the ORM: the US rule (FAR 25.105, DFARS 225.502).

When the lowest offer is foreign, every foreign offer's price is raised by the preference before comparing:
20% (PROCUREMENT_PREFERENCE["standard"]), 30% when the lowest domestic offer is from a small business
("small_business"), 50% for a defence purchase ("defence", replacing the others). When the lowest offer is
domestic, or there is no domestic offer, prices are compared as offered. The lowest evaluated price wins; a tie
between a domestic and a foreign offer goes to the domestic one; a tie among offers of the same kind goes to the
one listed first.

Arithmetic is exact: prices carry at most 2 decimal places and the preference is a whole percent, so an evaluated
price (price x (100 + percent) / 100) has at most 4 and is shown unrounded; nothing is rounded before comparing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class Offer:
    id: str
    price: Decimal
    domestic: bool
    small_business: bool = False


@dataclass(frozen=True)
class Evaluated:
    offer: Offer
    evaluated_price: Decimal
    preference_percent: int


@dataclass(frozen=True)
class Evaluation:
    offers: list[Evaluated]
    winner: Offer
    preference_applied: bool
    preference_percent: int
    preference_basis: str  # standard | small_business | defence | none
    rule: str


def _lowest(offers: list[Offer]) -> Offer:
    # min() keeps the first of equals; at an equal price a domestic offer comes first.
    return min(offers, key=lambda o: (o.price, not o.domestic))


def evaluate_offers(*, offers: list[Offer], defence: bool) -> Evaluation:
    """Each offer's evaluated price and the winner, with the rule applied spelled out."""
    rates = settings.PROCUREMENT_PREFERENCE
    domestic = [o for o in offers if o.domestic]
    lowest = _lowest(offers)
    if lowest.domestic or not domestic:
        percent, basis = 0, "none"
        why = ("The lowest offer is domestic: prices are compared as offered." if lowest.domestic else
               "There is no domestic offer to prefer: prices are compared as offered.")
    else:
        lowest_domestic = _lowest(domestic)
        if defence:
            percent, basis = int(rates["defence"]), "defence"
            why = f"The lowest offer ({lowest.id}) is foreign and the purchase is for defence: every foreign price " \
                  f"is raised by {percent}%."
        elif lowest_domestic.small_business:
            percent, basis = int(rates["small_business"]), "small_business"
            why = f"The lowest offer ({lowest.id}) is foreign and the lowest domestic offer ({lowest_domestic.id}) " \
                  f"is from a small business: every foreign price is raised by {percent}%."
        else:
            percent, basis = int(rates["standard"]), "standard"
            why = f"The lowest offer ({lowest.id}) is foreign: every foreign price is raised by {percent}%."
    factor = Decimal(100 + percent) / 100
    evaluated = [
        Evaluated(o, o.price if o.domestic else o.price * factor, 0 if o.domestic else percent) for o in offers
    ]
    best = min(evaluated, key=lambda e: (e.evaluated_price, not e.offer.domestic))
    rule = (f"{why} The lowest evaluated price wins; a tie goes to the domestic offer, then to the offer listed "
            f"first. Winner: {best.offer.id} at {best.evaluated_price}.")
    return Evaluation(offers=evaluated, winner=best.offer, preference_applied=percent > 0,
                      preference_percent=percent, preference_basis=basis, rule=rule)
