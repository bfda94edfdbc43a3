"""Candidate documents (« Mes documents »): CVs, cover letters and other files, private."""
