"""Candidate documents in the API: listing under `viewer` (`Candidate.documents`), multipart
upload, removal."""
