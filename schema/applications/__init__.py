"""The application tracker in the API: `Candidate.applications` and its mutations."""
