"""The store side of routing: contexts built from the store, pool states kept there, the batch
service behind `leadlink route` and the story behind `leadlink why`.

This subpackage is the adapter between the pure routing core (which imports no database library)
and the store; nothing in leadlink.routing outside this subpackage imports it.
"""
