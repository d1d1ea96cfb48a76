"""HTTP layer: thin Starlette handlers that parse, authenticate and delegate to the services."""
