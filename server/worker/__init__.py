"""The worker process: arq running the jobs of workers/ on their schedule, supervised through
Redis and database outages, with a heartbeat file for health checks (`python -m server.worker`,
`python -m server.worker health`)."""
