"""The console's navigation and home page entries, in one place: each area adds its entries here.

``NAV``: links in the header, shown to a person holding any of the roles. ``HOME``: what the home page lists,
by role. A URL name that does not resolve (an area not installed) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from sharing.choices import Role


@dataclass(frozen=True)
class Entry:
    roles: tuple[str, ...]
    title: str
    url_name: str
    key: str = ""  # the page's ``nav`` context value that marks the link as the current page
    text: str = ""


NAV: list[Entry] = [
    Entry((Role.COORDINATOR, Role.READER), "Requests", "console:request-list", key="requests"),
    Entry((Role.RESPONDER,), "Offers", "console:offer-list", key="offers"),
    Entry((Role.READER,), "Products", "console:products", key="products"),
    Entry((Role.READER,), "Agency progress", "console:procurement-progress", key="progress"),
    Entry((Role.READER,), "Sector reports", "console:report-list", key="reports"),
    Entry((Role.READER, Role.PUBLISHER), "My records", "console:records", key="records"),
    Entry((Role.READER, Role.PUBLISHER), "Who read our data", "console:access-log", key="access-log"),
    Entry((Role.PUBLISHER,), "Imports", "console:imports", key="imports"),
]

HOME: list[Entry] = [
    Entry((Role.COORDINATOR,), "Open an emergency request", "console:request-create",
          text="Ask partners for a product: quantity, priority, needed-by date and destination."),
    Entry((Role.COORDINATOR, Role.READER), "Your partner's requests", "console:request-list",
          text="Run matching, watch a run live, see the offers by partner and state, cancel or match again."),
    Entry((Role.RESPONDER,), "Offers to answer", "console:offer-list",
          text="Your partner's pending offers with their deadlines: accept (confirming the arrival date) or decline."),
    Entry((Role.READER,), "Products", "console:products",
          text="Where each product's capacity is, how concentrated, its chokepoints, your exposure, and a map of the "
               "facilities you may see."),
    Entry((Role.READER,), "Agency progress", "console:procurement-progress",
          text="Per agency and quarter, the domestic, allied and other shares of purchases, how concentrated they "
               "are by channel, and the waivers by reason and value."),
    Entry((Role.READER,), "Sector reports", "console:report-list",
          text="Review every product of a sector or industrial base, ranked by a vulnerability score; follow the "
               "report as it runs."),
    Entry((Role.READER, Role.PUBLISHER), "Your partner's records", "console:records",
          text="What your partner published, with each record's marking and its history."),
    Entry((Role.READER, Role.PUBLISHER), "Who read your data", "console:access-log",
          text="Other partners' reads of your non-public records, by kind, partner and date."),
    Entry((Role.PUBLISHER,), "Import a file", "console:imports",
          text="Upload a CSV or Excel file of one kind of record, follow its progress, download the rows it "
               "refused and why."),
]


def entries_for(entries: list[Entry], roles) -> list[dict]:
    shown = []
    for entry in entries:
        if not set(entry.roles) & set(roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        shown.append({"title": entry.title, "url": url, "key": entry.key, "text": entry.text})
    return shown
