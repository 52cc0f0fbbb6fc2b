"""leadlink: lead-to-account matching, enrichment, routing and account qualification."""

__version__ = "0.1.0"
