"""Procurement transparency (issue 15): waivers, the public registry, scouting for suppliers."""
