"""The console: server-rendered pages for partners' people (coordinators, responders, analysts, publishers).

Each page is a thin view over the same services and selectors as the API, for the same ``Principal`` the API
builds for a signed-in person (``sharing.console.auth``): the same visibility rule, the same audit trail, and a
record the person may not see answers 404 here as it does there.

Adding a page (the shape every area follows):
- a view in this package wrapped by ``@require_safe`` / ``@require_POST`` (the allowed methods first, so that any
  other method is a 405 for everyone) and ``@console_view(roles)`` (sign-in, second factor, active membership,
  role; ``request.principal`` is the caller), reading through the API's selectors and looking records up with
  ``visible_or_404``; writes through the services, with input validated by the API's serializers
  (``forms.validate_as_api``); lists paginated with ``pagination.page_of``, or with ``paging.cursor_page`` (the
  API's cursor pages) where a page must hold the same rows as the API's page;
- its pattern in ``urls.py``; its template under ``templates/console/<area>/`` extending ``console/base.html``
  (blocks ``title``, ``content``, ``scripts``; no inline script, style or handler: the CSP refuses them);
- its header link and home-page entry in ``navigation.py``;
- its rows in ``tests/console/test_access_matrix.py`` (a route without rows fails that test).
"""
