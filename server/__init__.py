"""The ASGI application, its settings, lifespan and the development runner."""
