"""Supply-chain analytics under the sharing rules: disclosure control, concentration, chokepoints,
exposure, scenarios."""
