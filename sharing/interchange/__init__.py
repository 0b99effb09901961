"""Data in and out beyond the JSON API: subscriptions that push the changes feed (and later imports, exports)."""
