"""Saved offers in the API: `Candidate.savedOffers` (under `viewer`), `saveOffer`, `unsaveOffer`."""
