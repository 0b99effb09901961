"""The console: server-rendered pages for partners' people (coordinators, responders, analysts, publishers).

Each page is a thin view over the same services and selectors as the API, for the same ``Principal`` the API
builds for a signed-in person (``sharing.console.auth``): the same visibility rule, the same audit trail, and a
record the person may not see answers 404 here as it does there.
"""
