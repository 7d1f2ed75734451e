"""Route tables, one module per journey, so journeys never edit each other's tables.

Each module defines `ROUTES` (a list of Route) and may define
`build_world(db, world)`, which adds the objects its routes need (owned by
patient A) to the test world.
"""
