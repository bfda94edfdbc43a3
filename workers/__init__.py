"""Background jobs: what a worker runs, one module per domain area.

Jobs talk to the domain and its ports only (models.jobs, models.mail.mailer through the job's
context); the worker process that runs them — arq, its schedule, supervision, heartbeat — is
assembled in server/worker.
"""
