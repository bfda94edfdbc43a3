"""Candidate documents in the API: listing under `me`, multipart upload, removal."""
