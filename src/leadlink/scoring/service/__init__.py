"""The store side of scoring and statuses: `rescore`, `apply_statuses`, `explain_account` and
the reports, reading and writing the store.

This subpackage is the adapter between the pure scoring and lifecycle cores (which import no
database library) and the store; nothing in leadlink.scoring outside it imports it.
"""
