"""Mails to candidates: the French texts they receive and the queue of those waiting to go."""
